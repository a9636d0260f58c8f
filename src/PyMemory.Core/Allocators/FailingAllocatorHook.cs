namespace PyMemory.Allocators;

/// <summary>
/// Fault injection: a hook that makes chosen allocations fail (return NULL) as an out-of-memory condition would, and
/// passes every other call through. Python code then raises <c>MemoryError</c> (a <see cref="PythonException"/> with
/// <see cref="PythonException.PythonTypeName"/> <c>"MemoryError"</c> through <see cref="PyRun"/>) while the .NET host
/// keeps running. The counters are shared by every domain the hook is installed on.
/// </summary>
/// <remarks>
/// The hook is process-wide: allocations of every thread count and can fail. Failing RAW allocations can hit CPython
/// code that has no way to report them and aborts (thread creation, start-up and shutdown paths); fail MEM and OBJ
/// unless RAW is what you mean to test, and run such tests in a process of their own.
/// </remarks>
public sealed class FailingAllocatorHook : AllocatorHook
{
    private long _allocations;
    private long _failures;

    /// <summary>Creates the hook.</summary>
    /// <param name="policy">Which allocations to fail.</param>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    public FailingAllocatorHook(AllocationFaultPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Policy = policy;
    }

    /// <summary>Which allocations fail.</summary>
    public AllocationFaultPolicy Policy { get; }

    /// <summary>Allocations (malloc, calloc, realloc) the hook has seen.</summary>
    public long AllocationCount => Interlocked.Read(ref _allocations);

    /// <summary>Allocations the hook has failed.</summary>
    public long FailureCount => Interlocked.Read(ref _failures);

    /// <summary>Installs a new hook with <paramref name="policy"/> on <paramref name="domains"/> (all three when none
    /// are named). Dispose the result to remove it; disposing twice is harmless.</summary>
    /// <param name="policy">Which allocations to fail.</param>
    /// <param name="domains">The domains; none means RAW, MEM and OBJ.</param>
    /// <returns>The installation; its <see cref="AllocatorHookScope.Hook"/> is the <see cref="FailingAllocatorHook"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    /// <exception cref="ArgumentException">A domain is named twice.</exception>
    /// <exception cref="InvalidOperationException">The GIL cannot be taken on this thread.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static AllocatorHookScope Install(AllocationFaultPolicy policy, params MemoryDomain[] domains)
    {
        var hook = new FailingAllocatorHook(policy);
        return PythonAllocators.Install(hook, domains is null || domains.Length == 0 ? [MemoryDomain.Raw, MemoryDomain.Mem, MemoryDomain.Obj] : domains);
    }

    /// <inheritdoc/>
    public override nint Malloc(nuint size, NextAllocator nextAllocator) => Fails(size) ? 0 : nextAllocator.Malloc(size);

    /// <inheritdoc/>
    public override nint Calloc(nuint count, nuint elementSize, NextAllocator nextAllocator)
    {
        nuint total = elementSize != 0 && count > nuint.MaxValue / elementSize ? nuint.MaxValue : count * elementSize;
        return Fails(total) ? 0 : nextAllocator.Calloc(count, elementSize);
    }

    /// <inheritdoc/>
    public override nint Realloc(nint block, nuint size, NextAllocator nextAllocator) => Fails(size) ? 0 : nextAllocator.Realloc(block, size);

    private bool Fails(nuint size)
    {
        long number = Interlocked.Increment(ref _allocations) - 1;
        if (!Policy.ShouldFail(number, size))
        {
            return false;
        }

        Interlocked.Increment(ref _failures);
        return true;
    }
}
