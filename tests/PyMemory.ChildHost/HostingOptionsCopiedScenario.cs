using PyMemory.Tracking;

namespace PyMemory.ChildHost;

/// <summary>
/// The options are settable (so IOptions and configuration binding can fill them); Initialize copies what it reads.
/// Passes the same object again (accepted), then changes it: a hard limit of 1 byte, another peak resolution, and the
/// debug hooks asked for. Nothing of that reaches the running interpreter, and passing the changed object again is
/// refused, because it now asks for a start-up option the interpreter did not start with.
/// </summary>
internal sealed class HostingOptionsCopiedScenario : IChildScenario
{
    public string Name => "hosting-options-copied";

    public int Run(string[] args)
    {
        var options = new PythonRuntimeOptions
        {
            LibraryPath = TestLibrary.Path,
            Tracking = new MemoryTrackingOptions { SampleInterval = 0, Limits = new MemoryLimits { SoftTotalBytes = 1L << 40 } },
        };
        PythonRuntime.Initialize(options);
        Outcomes.Report("same-object-again", () => PythonRuntime.Initialize(options));

        options.Tracking.Limits.TotalBytes = 1;
        options.Tracking.PeakResolution = 0;
        options.EnableDebugHooks = true;
        Console.WriteLine("limits-total-after-change=" + (MemoryTracker.Limits?.TotalBytes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"));
        Console.WriteLine("peak-resolution-after-change=" + MemoryTracker.Options.PeakResolution);
        Outcomes.Report("big-allocation-after-change", () =>
        {
            using GilScope gil = GilScope.Enter();
            PyRun.Exec("data = bytearray(8 << 20)\ndel data");
        });
        Outcomes.Report("changed-object-again", () => PythonRuntime.Initialize(options));
        return 0;
    }
}
