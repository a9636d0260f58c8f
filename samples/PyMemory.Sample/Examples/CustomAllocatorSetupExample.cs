using PyMemory.Allocators;

namespace PyMemory.Sample.Examples;

/// <summary>
/// The C# counterpart of the Java "Custom Allocator Setup" example (get the current allocator, save it, turn on
/// debugging, use Python, restore). Two things change on purpose:
/// <list type="bullet">
/// <item>CPython's debug hooks cannot be switched on in a running interpreter (their free() would abort on every
/// block allocated before them), so they are asked for at start-up (<see cref="PythonRuntimeOptions.EnableDebugHooks"/>
/// or PYTHONMALLOC=debug); here the example checks for them and, when they are off, observes allocations with a
/// C# hook instead.</item>
/// <item>Saving and restoring is a scope: disposing it puts back exactly the saved allocator, and the example
/// checks that it did.</item>
/// </list>
/// </summary>
public static class CustomAllocatorSetupExample
{
    /// <summary>Runs the example, writing what it does to <paramref name="log"/>.</summary>
    /// <param name="log">Where to write the narration.</param>
    /// <returns>What was observed, for checking.</returns>
    public static CustomAllocatorSetupResult Run(TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);

        // Get the current allocator (and keep it: the "saved" allocator of the Java example).
        AllocatorFunctions saved = PythonAllocators.Get(MemoryDomain.Mem);
        AllocatorFunctions savedObj = PythonAllocators.Get(MemoryDomain.Obj);
        log.WriteLine($"MEM allocator: {saved}");
        log.WriteLine($"allocators in use: {PythonAllocators.Describe()}");

        // Debug hooks: only at start-up. EnsureDebugHooks confirms them, or explains how to get them.
        bool debugHooks = PythonAllocators.DebugHooksActive;
        if (debugHooks)
        {
            PythonAllocators.EnsureDebugHooks();
            log.WriteLine("debug hooks are active: overflows and wrong-domain frees will be reported");
        }
        else
        {
            log.WriteLine("debug hooks are off (start with PythonRuntimeOptions.EnableDebugHooks = true to get them); observing with a C# hook instead");
        }

        // Use Python with a hook counting MEM and OBJ allocations; the scope restores the saved allocators when disposed.
        var counter = new AllocationCounter();
        string during;
        using (GilScope.Enter())
        {
            using (AllocatorHookScope scope = PythonAllocators.Install(counter, MemoryDomain.Mem, MemoryDomain.Obj))
            {
                PyRun.Exec("import json\n_example = json.loads(json.dumps([{'n': i, 's': str(i)} for i in range(1000)]))");
                during = PythonAllocators.Describe().ToString();
                log.WriteLine($"while hooked: {during}");
            }

            PyRun.Exec("del _example");
        }

        // Restored: the allocators are exactly the saved ones again.
        AllocatorFunctions after = PythonAllocators.Get(MemoryDomain.Mem);
        bool restored = after == saved && PythonAllocators.Get(MemoryDomain.Obj) == savedObj;
        log.WriteLine($"MEM and OBJ allocations seen: {counter.Allocations}, bytes requested: {counter.BytesRequested}; restored exactly: {restored}");
        return new CustomAllocatorSetupResult(saved, after, restored, debugHooks, counter.Allocations, during);
    }
}
