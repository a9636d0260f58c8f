using PyMemory.Diagnostics;

namespace PyMemory.ChildHost;

/// <summary>Captures the pymalloc report and prints what it found. Run under a malloc interposer
/// (<c>LD_PRELOAD=libc_malloc_debug.so.0 MALLOC_CHECK_=3</c>): the report's buffer comes from the interposed malloc,
/// so freeing it with anything but the same free corrupts the heap or crashes.</summary>
internal sealed class PymallocReportScenario : IChildScenario
{
    public string Name => "pymalloc-report";

    public int Run(string[] args)
    {
        TestLibrary.Initialize();
        for (int i = 0; i < 3; i++)
        {
            bool captured = MemoryStatistics.TryGetPymallocReport(out string report);
            Console.WriteLine($"report {i}: {captured} {report.Contains("arenas allocated total", StringComparison.Ordinal)}");
        }

        Console.WriteLine("done");
        return 0;
    }
}
