using PyMemory.Sample.Examples;

namespace PyMemory.ChildHost;

/// <summary>
/// The gc-collection usage example under CPython's memory debug hooks (installed before start): a self-referencing
/// list is collected, and the hooks check the blocks the collector frees, through to interpreter finalization.
/// Prints "cycle refcount=R collected=C".
/// </summary>
internal sealed class DebugHooksGcCollectionScenario : IChildScenario
{
    public string Name => "objects-example-gc-debug";

    public int Run(string[] args)
    {
        PythonRuntime.Initialize(new PythonRuntimeOptions { LibraryPath = TestLibrary.Path, EnableDebugHooks = true });
        (long refCountInCycle, long collected) = GcCollectionExample.Run(Console.Out);
        Console.WriteLine($"cycle refcount={refCountInCycle} collected={collected}");
        return PythonRuntime.Shutdown() ? 0 : 3;
    }
}
