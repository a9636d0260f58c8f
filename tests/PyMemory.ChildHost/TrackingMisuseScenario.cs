using PyMemory.Tracking;

namespace PyMemory.ChildHost;

/// <summary>
/// Every member of the tracker misused at the moments a shared test process cannot show: before the tracker ever ran
/// (before Python is even loaded), twice at start-up, and after Shutdown. Prints <c>name=outcome</c> lines (the
/// exception's type name, "ok", or a value).
/// </summary>
internal sealed class TrackingMisuseScenario : IChildScenario
{
    public string Name => "tracking-misuse";

    public int Run(string[] args)
    {
        // Never started, Python not loaded.
        Report("before-try-snapshot", () => Console.WriteLine("before-try-snapshot-value=" + MemoryTracker.TryGetSnapshot(out _)));
        Report("before-snapshot", () => MemoryTracker.GetSnapshot());
        Report("before-histogram", () => MemoryTracker.GetSizeHistogram(MemoryDomain.Obj));
        Report("before-histogram-bad-domain", () => MemoryTracker.GetSizeHistogram((MemoryDomain)7));
        Report("before-reset-peak", MemoryTracker.ResetPeak);
        Report("before-stop", () => Console.WriteLine("before-stop-value=" + MemoryTracker.Stop()));
        Report("before-limits", () => MemoryTracker.Limits = new MemoryLimits { TotalBytes = 1 << 30 });
        Report("before-mark", () => MemoryTracker.Mark().Dispose());
        Report("before-budget", () => MemoryTracker.BeginBudget(1 << 20).Dispose());
        Console.WriteLine("before-is-running=" + MemoryTracker.IsRunning);
        Console.WriteLine("before-state=" + PythonRuntime.State);

        // Started with the interpreter: a second start, by either door, is refused.
        PythonRuntime.Initialize(new PythonRuntimeOptions { LibraryPath = TestLibrary.Path, Tracking = new MemoryTrackingOptions() });
        Console.WriteLine("started-is-running=" + MemoryTracker.IsRunning);
        Report("start-again", () => MemoryTracker.Start());
        Report("initialize-again-with-tracking", () => PythonRuntime.Initialize(new PythonRuntimeOptions { LibraryPath = TestLibrary.Path, Tracking = new MemoryTrackingOptions() }));
        using (GilScope.Enter())
        {
            PyRun.Exec("_kept = [bytearray(100) for _ in range(1000)]");
        }

        MemorySnapshot running = MemoryTracker.GetSnapshot();
        Console.WriteLine("running-obj-live-positive=" + (running.Obj.LiveBytes > 100_000));

        // After Shutdown: figures stay readable (no Python needed), nothing else works, nothing crashes.
        Console.WriteLine("shutdown=" + PythonRuntime.Shutdown());
        MemorySnapshot afterShutdown = MemoryTracker.GetSnapshot();
        Console.WriteLine("after-snapshot-readable=" + (afterShutdown.Total.Allocations >= running.Total.Allocations));
        Report("after-histogram", () => MemoryTracker.GetSizeHistogram(MemoryDomain.Mem));
        Report("after-reset-peak", MemoryTracker.ResetPeak);
        Report("after-stop", () => Console.WriteLine("after-stop-value=" + MemoryTracker.Stop()));
        Console.WriteLine("after-is-running=" + MemoryTracker.IsRunning);
        Report("after-stop-again", () => Console.WriteLine("after-stop-again-value=" + MemoryTracker.Stop()));
        Report("after-start", () => MemoryTracker.Start());
        Report("after-limits", () => MemoryTracker.Limits = new MemoryLimits { TotalBytes = 1 << 30 });
        Report("after-mark", () => MemoryTracker.Mark().Dispose());
        Console.WriteLine("done");
        return 0;
    }

    private static void Report(string name, Action action) => Console.WriteLine(name + "=" + Outcomes.Of(action));
}
