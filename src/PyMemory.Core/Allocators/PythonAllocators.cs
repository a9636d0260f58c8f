using PyMemory.Interop;

namespace PyMemory.Allocators;

/// <summary>
/// CPython's allocators, per domain: reading them, describing them, and installing C# hooks as scopes.
/// Every member takes the GIL for its duration (reentrant: fine inside a <see cref="GilScope"/>).
/// </summary>
/// <remarks>
/// <para>After the interpreter has started, CPython only allows allocators that wrap the current one: a hook receives
/// every call and passes it on (<see cref="Install"/>). Replacing an allocator outright is only possible before
/// initialization, through <see cref="PythonRuntimeOptions.ReplaceAllocators"/>, because blocks already allocated
/// would otherwise be freed by an allocator that never made them.</para>
/// <para>The class is split by job: this file reads allocators, <c>PythonAllocators.Describe.cs</c> names and
/// describes them, <c>PythonAllocators.Install.cs</c> installs and removes hooks, and
/// <c>PythonAllocators.ReplaceBeforeInitialize.cs</c> replaces them before start.</para>
/// </remarks>
public static unsafe partial class PythonAllocators
{
    // Serializes what reads or changes PyMemory's view of the chains (installing, removing, the remembered preset),
    // under the GIL; a lock of its own because a GilScope may be entered recursively by the same thread.
    private static readonly Lock Gate = new();

    /// <summary>The allocator currently installed in <paramref name="domain"/>.</summary>
    /// <param name="domain">The domain.</param>
    /// <returns>Its context and function addresses.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="domain"/> is not a defined domain.</exception>
    /// <exception cref="Interop.Loading.PythonLibraryLoadException">Python could not be found or loaded.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static AllocatorFunctions Get(MemoryDomain domain)
    {
        CheckDomain(domain);
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        return GetNative(api, domain);
    }

    /// <summary>The arena allocator pymalloc takes its 256 KiB / 1 MiB arenas from.</summary>
    /// <returns>Its context and function addresses.</returns>
    /// <exception cref="Interop.Loading.PythonLibraryLoadException">Python could not be found or loaded.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static ArenaAllocatorFunctions GetArenaAllocator()
    {
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        PyObjectArenaAllocator arena;
        api.PyObject_GetArenaAllocator(&arena);
        return ArenaAllocatorFunctions.FromNative(arena);
    }

    /// <summary>True when <paramref name="allocator"/> is a PyMemory hook or PyMemory's memory tracker (its functions
    /// are PyMemory's).</summary>
    /// <param name="allocator">An allocator read with <see cref="Get"/>.</param>
    /// <returns>Whether PyMemory installed it.</returns>
    public static bool IsPyMemoryHook(AllocatorFunctions allocator) =>
        allocator.Malloc == HookCallbacks.MallocAddress || NativeForwarders.Contains(allocator.Malloc) || IsTracker(allocator);

    private static AllocatorFunctions GetNative(PythonApi api, MemoryDomain domain)
    {
        PyMemAllocatorEx allocator;
        api.PyMem_GetAllocator((PyMemAllocatorDomain)domain, &allocator);
        return AllocatorFunctions.FromNative(allocator);
    }

    private static void CheckDomain(MemoryDomain domain)
    {
        if (domain is not (MemoryDomain.Raw or MemoryDomain.Mem or MemoryDomain.Obj))
        {
            throw new ArgumentOutOfRangeException(nameof(domain), domain, "Not a CPython allocator domain (Raw, Mem or Obj).");
        }
    }
}
