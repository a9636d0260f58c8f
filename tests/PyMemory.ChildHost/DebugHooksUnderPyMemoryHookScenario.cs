using PyMemory.Allocators;

namespace PyMemory.ChildHost;

/// <summary>Under PYTHONMALLOC=debug with a PyMemory pass-through hook on MEM: the description still sees the debug
/// hooks below, EnsureDebugHooks accepts them, and an overflow written through the hooked domain is still detected.</summary>
internal sealed class DebugHooksUnderPyMemoryHookScenario : IChildScenario
{
    public string Name => "debug-hooks-under-pymemory-hook";

    public unsafe int Run(string[] args)
    {
        TestLibrary.Initialize();
        var api = RawLayer.Api();
        Console.WriteLine("before: " + PythonAllocators.Describe());
        using AllocatorHookScope scope = PythonAllocators.Install(new PassThroughHook(), MemoryDomain.Mem);
        AllocatorDescription description = PythonAllocators.Describe();
        Console.WriteLine("preset: " + description.PresetName);
        Console.WriteLine("debug: " + description.DebugHooksActive);
        Console.WriteLine("hooks: " + string.Join(",", description.PyMemoryHooks));
        PythonAllocators.EnsureDebugHooks();
        Console.WriteLine("ensure: ok");
        using GilScope gil = GilScope.Enter();
        PyRun.Exec("import json; json.loads(json.dumps([{'a': i} for i in range(1000)]))");
        byte* block = (byte*)api.PyMem_Malloc(16);
        block[16] = (byte)'x';
        Console.WriteLine("freeing");
        Console.Out.Flush();
        api.PyMem_Free(block);
        Console.WriteLine("not detected");
        return 0;
    }
}
