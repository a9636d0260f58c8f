using PyMemory.Allocators;
using PyMemory.Interop;
using PyMemory.Interop.Loading;

namespace PyMemory.ChildHost;

/// <summary>
/// Replacing the RAW allocator outright before the interpreter starts (the only time CPython allows it): the safe
/// Replace refuses before start (it would start the interpreter itself), ReplaceBeforeInitialize on a raw API works,
/// Python then runs on the replacement, and with "debug" the debug hooks are set up again on top.
/// </summary>
internal sealed class ReplaceBeforeStartScenario : IChildScenario
{
    public string Name => "replace-before-start";

    public int Run(string[] args)
    {
        bool debug = args.Contains("debug");
        try
        {
            PythonAllocators.Replace(MemoryDomain.Raw, CountingMallocAllocator.Functions);
        }
        catch (NotSupportedException)
        {
            Console.WriteLine("safe replace before start: NotSupportedException");
        }

        PythonLibrary library = new PythonLibraryLocator().Locate(TestLibrary.Path).Library;
        var api = new PythonApi(library);
        PythonAllocators.ReplaceBeforeInitialize(api, MemoryDomain.Raw, CountingMallocAllocator.Functions, debugHooks: debug);
        long beforeStart = CountingMallocAllocator.Calls;
        TestLibrary.Initialize();
        using GilScope gil = GilScope.Enter();
        PyRun.Exec("import json; json.loads(json.dumps([{'a': i} for i in range(1000)]))");
        Console.WriteLine("used: " + (CountingMallocAllocator.Calls > beforeStart));
        Console.WriteLine("raw is replacement: " + (PythonAllocators.Get(MemoryDomain.Raw) == CountingMallocAllocator.Functions));
        Console.WriteLine("debug: " + PythonAllocators.DebugHooksActive);
        try
        {
            PythonAllocators.Replace(MemoryDomain.Raw, CountingMallocAllocator.Functions);
        }
        catch (InvalidOperationException)
        {
            Console.WriteLine("safe replace after start: InvalidOperationException");
        }

        try
        {
            PythonAllocators.ReplaceBeforeInitialize(api, MemoryDomain.Raw, CountingMallocAllocator.Functions);
        }
        catch (InvalidOperationException)
        {
            Console.WriteLine("raw replace after start: InvalidOperationException");
        }

        return 0;
    }
}
