using PyMemory.Allocators;

namespace PyMemory.ChildHost;

/// <summary>
/// Fault injection like CPython's set_nomemory: counts the allocations a piece of Python makes, then fails one in the
/// middle of it (MemoryError expected), then one past its end (no error expected), then every one after the middle, then only large requests, then every one. After each,
/// removing the hook (twice) restores the allocators and the same code succeeds.
/// </summary>
internal sealed class FailingHookMemoryErrorScenario : IChildScenario
{
    private const string Code = "x = make()";

    public string Name => "failing-hook-memoryerror";

    public int Run(string[] args)
    {
        TestLibrary.Initialize();
        using GilScope gil = GilScope.Enter();
        PyRun.Exec("def make():\n    return {str(i): [i] * 3 for i in range(2000)}\n");
        PyRun.Exec(Code); // warm up caches, so that the counted run and the failing runs allocate alike
        AllocatorFunctions[] original = [PythonAllocators.Get(MemoryDomain.Mem), PythonAllocators.Get(MemoryDomain.Obj)];

        long count;
        using (AllocatorHookScope counting = FailingAllocatorHook.Install(AllocationFaultPolicy.FailAbove(nuint.MaxValue - 1), MemoryDomain.Mem, MemoryDomain.Obj))
        {
            PyRun.Exec(Code);
            count = ((FailingAllocatorHook)counting.Hook).AllocationCount;
        }

        Console.WriteLine("counted: " + (count > 1000));
        Report("middle", AllocationFaultPolicy.FailNth(count / 2), original);
        Report("past-end", AllocationFaultPolicy.FailNth((count * 4) + 1_000_000), original);
        Report("after-half", AllocationFaultPolicy.FailAfter(count / 2), original);
        Report("large", AllocationFaultPolicy.FailAbove(1 << 20), original, "b = bytearray(50_000_000)");
        // Every allocation fails, so even PyRun's own lookup of __main__ can fail: a MemoryError, never a NULL dereference.
        Report("everything", AllocationFaultPolicy.FailAfter(0), original);
        Console.WriteLine("final: " + PyRun.EvalToString("len(make())"));
        return 0;
    }

    private static void Report(string label, AllocationFaultPolicy policy, AllocatorFunctions[] original, string code = Code)
    {
        AllocatorHookScope scope = FailingAllocatorHook.Install(policy, MemoryDomain.Mem, MemoryDomain.Obj);
        string outcome;
        try
        {
            PyRun.Exec(code);
            outcome = "no error";
        }
        catch (PythonException e)
        {
            outcome = e.PythonTypeName;
        }

        scope.Dispose();
        scope.Dispose(); // removing twice is harmless
        var hook = (FailingAllocatorHook)scope.Hook;
        bool restored = PythonAllocators.Get(MemoryDomain.Mem) == original[0] && PythonAllocators.Get(MemoryDomain.Obj) == original[1];
        string after = PyRun.EvalToString("len(make())");
        Console.WriteLine($"{label}: {outcome} failures={hook.FailureCount} restored={restored} after={after}");
    }
}
