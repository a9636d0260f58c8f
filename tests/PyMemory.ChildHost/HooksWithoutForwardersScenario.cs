using PyMemory.Allocators;

namespace PyMemory.ChildHost;

/// <summary>With PYMEMORY_NO_NATIVE_FORWARDERS=1 (as on platforms without the x64 forwarders) every hook method goes
/// through the managed callbacks: a pass-through hook on all domains must still run Python and restore cleanly.</summary>
internal sealed class HooksWithoutForwardersScenario : IChildScenario
{
    public string Name => "hooks-without-forwarders";

    public int Run(string[] args)
    {
        TestLibrary.Initialize();
        AllocatorFunctions[] before = [PythonAllocators.Get(MemoryDomain.Raw), PythonAllocators.Get(MemoryDomain.Mem), PythonAllocators.Get(MemoryDomain.Obj)];
        using GilScope gil = GilScope.Enter();
        AllocatorFunctions callbacks;
        using (AllocatorHookScope overriding = PythonAllocators.Install(new OverridingHook(), MemoryDomain.Obj))
        {
            callbacks = overriding.GetInstalled(MemoryDomain.Obj);
        }

        using (AllocatorHookScope scope = PythonAllocators.Install(new PassThroughHook(), MemoryDomain.Raw, MemoryDomain.Mem, MemoryDomain.Obj))
        {
            AllocatorFunctions obj = scope.GetInstalled(MemoryDomain.Obj);
            Console.WriteLine("managed callbacks: " + (obj with { Context = 0 } == callbacks with { Context = 0 } && PythonAllocators.IsPyMemoryHook(obj)));
            PyRun.Exec("import json, threading\n_r = json.loads(json.dumps([{'a': str(i)} for i in range(20000)]))\n"
                + "_t = [threading.Thread(target=lambda: bytearray(1 << 20)) for _ in range(4)]\n[t.start() for t in _t]\n[t.join() for t in _t]");
            Console.WriteLine("python: " + PyRun.EvalToString("len(_r)"));
            Console.WriteLine("description: " + PythonAllocators.Describe());
        }

        Console.WriteLine("restored: " + (PythonAllocators.Get(MemoryDomain.Raw) == before[0] && PythonAllocators.Get(MemoryDomain.Mem) == before[1]
            && PythonAllocators.Get(MemoryDomain.Obj) == before[2]));
        return 0;
    }
}
