using System.Globalization;
using PyMemory.Tracking;

namespace PyMemory.ChildHost;

/// <summary>
/// Subinterpreters created and ended while the tracker runs (arg <c>startup</c>: tracking from the interpreter's
/// start; otherwise MemoryTracker.Start). A subinterpreter uses the same allocators: the tracker counts its blocks,
/// and ending it frees them. Prints the figures around the runs.
/// </summary>
internal sealed class TrackingSubinterpreterScenario : IChildScenario
{
    public string Name => "tracking-subinterpreter";

    public int Run(string[] args)
    {
        bool startup = args.Contains("startup");
        PythonRuntime.Initialize(new PythonRuntimeOptions { LibraryPath = TestLibrary.Path, Tracking = startup ? new MemoryTrackingOptions() : null });
        if (!startup)
        {
            MemoryTracker.Start();
        }

        var api = RawLayer.Api();
        Subinterpreter.RunOnce(api).ShouldBeCreated(); // the first one leaves caches CPython keeps for the process
        using (GilScope.Enter())
        {
            PyRun.Exec("import gc; gc.collect()");
        }

        long pymallocBefore;
        using (GilScope.Enter())
        {
            pymallocBefore = BlockAllocatedCount.Read();
        }

        MemorySnapshot before = MemoryTracker.GetSnapshot();
        const int Runs = 5;
        for (int i = 0; i < Runs; i++)
        {
            Subinterpreter.RunOnce(api).ShouldBeCreated();
        }

        using (GilScope.Enter())
        {
            PyRun.Exec("gc.collect(); _after = [str(i) for i in range(1000)]; del _after");
        }

        MemorySnapshot after = MemoryTracker.GetSnapshot();
        long pymallocAfter;
        using (GilScope.Enter())
        {
            pymallocAfter = BlockAllocatedCount.Read();
        }

        // pymalloc's own count of its live blocks tells whether growth is CPython keeping memory or a miscount.
        Console.WriteLine(FormattableString.Invariant($"pymalloc-growth-per-run={(pymallocAfter - pymallocBefore) / Runs}"));
        Console.WriteLine(FormattableString.Invariant($"tracked-block-growth-per-run={(after.Mem.LiveBlocks + after.Obj.LiveBlocks - before.Mem.LiveBlocks - before.Obj.LiveBlocks) / Runs}"));
        Console.WriteLine(FormattableString.Invariant($"allocations-per-run={(after.Total.Allocations - before.Total.Allocations) / Runs}"));
        Console.WriteLine(FormattableString.Invariant($"live-growth-per-run={(after.Total.LiveBytes - before.Total.LiveBytes) / Runs}"));
        Console.WriteLine(FormattableString.Invariant($"untracked={after.Total.UntrackedFrees - before.Total.UntrackedFrees}"));
        Console.WriteLine(FormattableString.Invariant($"peak-above-live={after.Total.PeakLiveBytes >= after.Total.LiveBytes}"));
        Console.WriteLine("stop=" + MemoryTracker.Stop());
        Console.WriteLine("shutdown=" + PythonRuntime.Shutdown());
        return 0;
    }
}
