"""A workload with a memory story, for `pymem run` (about 2.5 s on an idle machine; an optional argument scales it).

It builds, keeps and releases data in phases so that the report and the memory curve have something to show:
many small objects (OBJ), list storage (MEM), large buffers, a cache that is trimmed, and a leak kept on purpose,
which the report's "still alive" table finds by its line.

    dotnet run -c Release --project src/PyMemory.Cli -- run samples/workloads/memory_story.py
"""
import sys
import time

# Kept on purpose until the end: the report should find it among what was still alive when the script returned.
_leaked = []


class Order:
    __slots__ = ("number", "customer", "lines")

    def __init__(self, number):
        self.number = number
        self.customer = "customer-%d" % (number % 997)
        self.lines = [number, number * 2, number * 3]


def phase(name):
    print("%5.2f s  %s" % (time.perf_counter() - START, name), flush=True)


def build_orders(count):
    return [Order(i) for i in range(count)]


def load_buffers(count, size):
    return [bytearray(size) for _ in range(count)]


def build_cache(count):
    return {i: ("value-%d" % i) * 4 for i in range(count)}


def remember(cache, every):
    # The leak: a few entries of every cache are copied into a module-level list and never let go.
    _leaked.extend(cache[i] for i in range(0, len(cache), every))


START = time.perf_counter()
scale = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0

phase("1. building 120,000 orders (small objects)")
orders = build_orders(int(120_000 * scale))
time.sleep(0.3)

phase("2. loading 48 buffers of 1 MiB")
buffers = load_buffers(int(48 * scale), 1024 * 1024)
time.sleep(0.3)

phase("3. releasing the orders")
del orders
time.sleep(0.3)

for round_ in range(3):
    phase("4.%d building a cache of 80,000 entries, keeping 1 in 10" % (round_ + 1))
    cache = build_cache(int(80_000 * scale))
    remember(cache, 10)
    time.sleep(0.15)
    del cache
    time.sleep(0.15)

phase("5. releasing the buffers")
del buffers
time.sleep(0.3)

phase("6. done: %d cache entries leaked on purpose" % len(_leaked))
