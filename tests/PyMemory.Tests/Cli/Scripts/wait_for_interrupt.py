# pymem test: waits to be interrupted (SIGINT).
import time

print("ready", flush=True)
time.sleep(60)
print("not interrupted")
