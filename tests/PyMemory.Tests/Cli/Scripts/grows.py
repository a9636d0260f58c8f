# pymem test: grows without end, 1 MiB at a time, until a budget refuses (MemoryError).
kept = []
while True:
    kept.append(bytearray(1024 * 1024))
