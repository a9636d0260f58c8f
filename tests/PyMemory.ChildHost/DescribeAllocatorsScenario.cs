using PyMemory.Allocators;
using PyMemory.Diagnostics;

namespace PyMemory.ChildHost;

/// <summary>Prints what PyMemory reports about the allocators the process started with (PYTHONMALLOC decides).</summary>
internal sealed class DescribeAllocatorsScenario : IChildScenario
{
    public string Name => "describe-allocators";

    public int Run(string[] args)
    {
        TestLibrary.Initialize();
        AllocatorDescription description = PythonAllocators.Describe();
        Console.WriteLine("name: " + (PythonAllocators.CurrentAllocatorName ?? "(null)"));
        Console.WriteLine("preset: " + description.PresetName);
        Console.WriteLine("debug: " + description.DebugHooksActive);
        Console.WriteLine("pymalloc: " + description.UsesPymalloc);
        Console.WriteLine("mimalloc: " + description.UsesMimalloc);
        Console.WriteLine("report: " + MemoryStatistics.TryGetPymallocReport(out string report) + " " + (report.Length > 0));
        Console.WriteLine("blocks positive: " + (MemoryStatistics.AllocatedBlocks > 0));
        try
        {
            PythonAllocators.EnsureDebugHooks();
            Console.WriteLine("ensure: ok");
        }
        catch (InvalidOperationException)
        {
            Console.WriteLine("ensure: refused");
        }

        return 0;
    }
}
