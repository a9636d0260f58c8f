using System.Globalization;
using PyMemory.Interop;
using PyMemory.Tracking;

namespace PyMemory.ChildHost;

/// <summary>
/// The tracker under a mixed workload, for runs under an outside allocator checker (glibc's malloc checking through
/// LD_PRELOAD): Python threads and .NET threads allocating at once, snapshots read meanwhile from another thread, then
/// everything freed. Arg <c>startup</c> tracks from the interpreter's start, otherwise MemoryTracker.Start. Prints
/// the figures and <c>consistent=True</c> when every check held.
/// </summary>
internal sealed class TrackingWorkloadScenario : IChildScenario
{
    private const string PythonWork =
        "import threading, json\n" +
        "def _work(n):\n" +
        "    for _ in range(20):\n" +
        "        json.loads(json.dumps([{'k': [i] * (i % 30), 's': 'x' * (i % 300)} for i in range(n)]))\n" +
        "_threads = [threading.Thread(target=_work, args=(500 + 100 * t,)) for t in range(4)]\n" +
        "for t in _threads: t.start()\n" +
        "_work(800)\n" +
        "for t in _threads: t.join()\n" +
        "del _threads\n" +
        "import gc; gc.collect()\n";

    public string Name => "tracking-workload";

    public unsafe int Run(string[] args)
    {
        bool startup = args.Contains("startup");
        PythonRuntime.Initialize(new PythonRuntimeOptions { LibraryPath = TestLibrary.Path, Tracking = startup ? new MemoryTrackingOptions() : null });
        if (!startup)
        {
            MemoryTracker.Start();
        }

        PythonApi api = RawLayer.Api();
        using (GilScope.Enter())
        {
            PyRun.Exec("import threading, json, gc; gc.collect()"); // imports done before the baseline
        }

        MemorySnapshot start = MemoryTracker.GetSnapshot();
        bool consistent = true;
        using var done = new ManualResetEventSlim();
        var reader = new Thread(() =>
        {
            // Every figure only grows: a snapshot read while others count never goes back.
            MemorySnapshot last = MemoryTracker.GetSnapshot();
            while (!done.IsSet)
            {
                MemorySnapshot now = MemoryTracker.GetSnapshot();
                consistent &= now.Total.Allocations >= last.Total.Allocations && now.Total.Frees >= last.Total.Frees
                    && now.Total.BytesAllocated >= last.Total.BytesAllocated && now.Total.PeakLiveBytes >= last.Total.PeakLiveBytes;
                last = now;
            }
        });
        reader.Start();
        var raw = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            for (int round = 0; round < 50; round++)
            {
                var blocks = new nint[500];
                for (int i = 0; i < blocks.Length; i++)
                {
                    blocks[i] = (nint)api.PyMem_RawMalloc((nuint)(1 + ((i * 37) + t) % 5000));
                    if (i % 7 == 0)
                    {
                        blocks[i] = (nint)api.PyMem_RawRealloc((void*)blocks[i], 70_000);
                    }
                }

                foreach (nint block in blocks)
                {
                    api.PyMem_RawFree((void*)block);
                }
            }
        })).ToList();
        raw.ForEach(t => t.Start());
        using (GilScope.Enter())
        {
            PyRun.Exec(PythonWork);
        }

        raw.ForEach(t => t.Join());
        done.Set();
        reader.Join();
        MemorySnapshot end = MemoryTracker.GetSnapshot();
        long grown = end.Total.LiveBytes - start.Total.LiveBytes;
        Console.WriteLine("malloc-debug-loaded=" + File.ReadAllText("/proc/self/maps").Contains("libc_malloc_debug", StringComparison.Ordinal));
        Console.WriteLine("start=" + start);
        Console.WriteLine("end=" + end);
        Console.WriteLine(FormattableString.Invariant($"allocations={end.Total.Allocations - start.Total.Allocations} grown={grown} threads={end.Threads}"));
        consistent &= end.Total.Allocations - start.Total.Allocations > 1_000_000 && Math.Abs(grown) < 512 * 1024
            && end.Raw.Reallocations - start.Raw.Reallocations >= 4 * 50 * 72 && end.Total.FailedAllocations == 0;
        Console.WriteLine("consistent=" + consistent.ToString(CultureInfo.InvariantCulture));
        Console.WriteLine("stop=" + MemoryTracker.Stop());
        Console.WriteLine("shutdown=" + PythonRuntime.Shutdown());
        return consistent ? 0 : 1;
    }
}
