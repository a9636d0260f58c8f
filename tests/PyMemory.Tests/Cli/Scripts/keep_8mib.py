# pymem test: keeps 8 bytearrays of 1 MiB alive (8 MiB + 8 bytes of OBJ buffers: a bytearray allocates one byte more)
# and stays alive a while, so that the live line and the timeline have something to show.
import os
import sys
import time

kept = [bytearray(1024 * 1024) for _ in range(8)]  # line 7: the site the report must find
print("argv=" + repr(sys.argv[1:]))
print("name=" + __name__)
print("file=" + os.path.basename(__file__))
print("path0=" + os.path.basename(sys.path[0]))
sys.stdout.flush()
time.sleep(1.6)
