# pymem test: a little allocation work, for fault injection.
data = [str(i) * 3 for i in range(2000)]
print("done", len(data))
