using System.Globalization;
using PyMemory.Tracking;

namespace PyMemory.ChildHost;

/// <summary>
/// Sampling at a tiny interval from the interpreter's first allocation (the start-up option), while Python threads
/// raise and catch exceptions (tracebacks, frame objects), call <c>sys._getframe</c> (a frame object allocated while
/// the capture may create the same frame's object), run generators, make cyclic garbage with <c>__del__</c> at
/// collector thresholds of 1, and .NET threads without a thread state allocate RAW blocks. Anything the capture got
/// wrong would crash or hang here. Prints <c>name=value</c> lines; args: the interval in bytes.
/// </summary>
internal sealed class SamplingStressScenario : IChildScenario
{
    private const string Workload = """
        import gc, sys, threading
        class Node:
            deleted = 0
            def __init__(self): self.me = self; self.data = [1, 2, 3]
            def __del__(self):
                Node.deleted += 1
                _ = [str(i) for i in range(5)]
        def gen(n):
            for i in range(n): yield bytearray(i % 200)
        def work(n):
            total = 0
            for i in range(n):
                try:
                    raise ValueError(i)
                except ValueError as e:
                    total += len(str(e))
                f = sys._getframe()
                total += f.f_lineno > 0
                Node()
                total += sum(len(b) for b in gen(5))
            return total
        gc.set_threshold(1, 1, 1)
        threads = [threading.Thread(target=work, args=(3000,)) for _ in range(4)]
        for t in threads: t.start()
        work(3000)
        for t in threads: t.join()
        gc.collect()
        gc.set_threshold(700, 10, 10)
        stress_deleted = Node.deleted
        """;

    public string Name => "sampling-stress";

    public int Run(string[] args)
    {
        Watchdog.Start(TimeSpan.FromSeconds(240));
        long interval = long.Parse(args[0], CultureInfo.InvariantCulture);
        PythonRuntime.Initialize(new PythonRuntimeOptions
        {
            LibraryPath = TestLibrary.Path,
            Tracking = new MemoryTrackingOptions { SampleInterval = interval },
        });

        using var stop = new CancellationTokenSource();
        var rawThreads = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                using RawBlock block = RawBlock.Allocate(512);
            }
        })).ToList();
        rawThreads.ForEach(t => t.Start());

        using (GilScope.Enter())
        {
            using (GilScope.AllowThreads())
            {
                Thread.Sleep(50); // let the RAW threads run without the GIL being held anywhere
            }

            PyRun.Exec(Workload);
            Console.WriteLine("deleted=" + PyRun.EvalToString("stress_deleted"));
            stop.Cancel();
            rawThreads.ForEach(t => t.Join());
            IReadOnlyList<AllocationSite> sites = MemoryTracker.GetTopSites(AllocationSiteOrder.AllocatedBytes, 100_000);
            Console.WriteLine("work-site=" + sites.Any(s => s.HasPythonFrame && s.Frames.Any(f => f.Function == "work")));
            Console.WriteLine("no-frame-site=" + sites.Any(s => !s.HasPythonFrame && s.Domains.Contains(MemoryDomain.Raw)));
            Console.WriteLine("sampling-failures=" + MemoryTracker.GetSamplingHealth().Failures);
            Console.WriteLine("live-estimates-non-negative=" + sites.All(s => s.EstimatedLiveBytes >= -1));
        }

        Console.WriteLine("stopped=" + MemoryTracker.Stop());
        Console.WriteLine("shutdown=" + PythonRuntime.Shutdown());
        Console.Out.Flush();
        return 0;
    }
}
