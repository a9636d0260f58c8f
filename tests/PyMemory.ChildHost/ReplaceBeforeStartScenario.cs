using PyMemory.Allocators;

namespace PyMemory.ChildHost;

/// <summary>
/// Replacing the RAW allocator outright before the interpreter starts (the only time CPython allows it):
/// PythonRuntimeOptions.ReplaceAllocators works, Python then runs on the replacement, with "debug" the debug hooks are
/// set up again on top, and the same option passed once the interpreter runs is refused.
/// </summary>
internal sealed class ReplaceBeforeStartScenario : IChildScenario
{
    public string Name => "replace-before-start";

    public int Run(string[] args)
    {
        bool debug = args.Contains("debug");
        long beforeStart = CountingMallocAllocator.Calls;
        PythonRuntime.Initialize(new PythonRuntimeOptions
        {
            LibraryPath = TestLibrary.Path,
            EnableDebugHooks = debug,
            ReplaceAllocators = new Dictionary<MemoryDomain, AllocatorFunctions> { [MemoryDomain.Raw] = CountingMallocAllocator.Functions },
        });
        using GilScope gil = GilScope.Enter();
        PyRun.Exec("import json; json.loads(json.dumps([{'a': i} for i in range(1000)]))");
        Console.WriteLine("used: " + (CountingMallocAllocator.Calls > beforeStart));
        Console.WriteLine("raw is replacement: " + (PythonAllocators.Get(MemoryDomain.Raw) == CountingMallocAllocator.Functions));
        Console.WriteLine("debug: " + PythonAllocators.DebugHooksActive);
        try
        {
            PythonRuntime.Initialize(new PythonRuntimeOptions
            {
                LibraryPath = TestLibrary.Path,
                ReplaceAllocators = new Dictionary<MemoryDomain, AllocatorFunctions> { [MemoryDomain.Raw] = CountingMallocAllocator.Functions },
            });
            Console.WriteLine("replace option after start: ignored");
        }
        catch (InvalidOperationException)
        {
            Console.WriteLine("replace option after start: InvalidOperationException");
        }

        return 0;
    }
}
