namespace PyMemory.Allocators;

/// <summary>
/// Fault injection: a hook that makes chosen allocations fail (return NULL) as an out-of-memory condition would, and
/// passes every other call through. Python code then raises <c>MemoryError</c> (a <see cref="PythonException"/> with
/// <see cref="PythonException.PythonTypeName"/> <c>"MemoryError"</c> through <see cref="PyRun"/>) while the .NET host
/// keeps running. The allocation numbers are shared by every domain the hook is installed on.
/// </summary>
/// <remarks>
/// <para>The hook is process-wide: allocations of every thread count and can fail. Failing RAW allocations can hit CPython
/// code that has no way to report them and aborts (thread creation, start-up and shutdown paths); fail MEM and OBJ
/// unless RAW is what you mean to test, and run such tests in a process of their own.</para>
/// <para>A hook can be armed on demand: install it disarmed
/// (<see cref="Install(AllocationFaultPolicy, bool, MemoryDomain[])"/> with <c>armed: false</c>), prepare the work
/// (compile it with <see cref="PyRun.Compile"/>: CPython's compiler crashes on some out-of-memory paths), then
/// <see cref="Arm"/> right before the call under test and <see cref="Disarm"/> right after it. While disarmed the hook
/// fails nothing and numbers nothing; <see cref="Arm"/> restarts the numbering, so <see cref="AllocationFaultPolicy.FailNth"/>
/// counts from the first allocation after it. Every failure is also counted per domain, here
/// (<see cref="FailureCountOf"/>) and process-wide.</para>
/// </remarks>
public sealed class FailingAllocatorHook : AllocatorHook
{
    private long _allocations;
    private long _failures;
    private long _rawFailures;
    private long _memFailures;
    private long _objFailures;
    private volatile bool _armed = true;

    /// <summary>Creates the hook, armed.</summary>
    /// <param name="policy">Which allocations to fail.</param>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    public FailingAllocatorHook(AllocationFaultPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Policy = policy;
    }

    /// <summary>Which allocations fail.</summary>
    public AllocationFaultPolicy Policy { get; }

    /// <summary>True while the hook fails and numbers allocations: from creation or <see cref="Arm"/> until
    /// <see cref="Disarm"/>.</summary>
    public bool IsArmed => _armed;

    /// <summary>Allocations (malloc, calloc, realloc) the hook has numbered since it was last armed (since its creation
    /// when it was never disarmed). Allocations while disarmed are not counted.</summary>
    public long AllocationCount => Interlocked.Read(ref _allocations);

    /// <summary>Allocations the hook has failed, in every domain, over its whole life (not reset by <see cref="Arm"/>).</summary>
    public long FailureCount => Interlocked.Read(ref _failures);

    /// <summary>Installs a new hook with <paramref name="policy"/> on <paramref name="domains"/> (all three when none
    /// are named), armed. Dispose the result to remove it; disposing twice is harmless.</summary>
    /// <param name="policy">Which allocations to fail.</param>
    /// <param name="domains">The domains; none means RAW, MEM and OBJ.</param>
    /// <returns>The installation; its <see cref="AllocatorHookScope.Hook"/> is the <see cref="FailingAllocatorHook"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    /// <exception cref="ArgumentException">A domain is named twice.</exception>
    /// <exception cref="InvalidOperationException">The GIL cannot be taken on this thread.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static AllocatorHookScope Install(AllocationFaultPolicy policy, params MemoryDomain[] domains) => Install(policy, true, domains);

    /// <summary>Installs a new hook with <paramref name="policy"/> on <paramref name="domains"/> (all three when none
    /// are named), armed or not. A disarmed hook fails nothing until <see cref="Arm"/>. Dispose the result to remove
    /// it; disposing twice is harmless.</summary>
    /// <param name="policy">Which allocations to fail.</param>
    /// <param name="armed">False to install it disarmed, for arming around exactly the call under test.</param>
    /// <param name="domains">The domains; none means RAW, MEM and OBJ.</param>
    /// <returns>The installation; its <see cref="AllocatorHookScope.Hook"/> is the <see cref="FailingAllocatorHook"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    /// <exception cref="ArgumentException">A domain is named twice.</exception>
    /// <exception cref="InvalidOperationException">The GIL cannot be taken on this thread.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static AllocatorHookScope Install(AllocationFaultPolicy policy, bool armed, params MemoryDomain[] domains)
    {
        var hook = new FailingAllocatorHook(policy);
        if (!armed)
        {
            hook.Disarm();
        }

        return PythonAllocators.Install(hook, domains is null || domains.Length == 0 ? [MemoryDomain.Raw, MemoryDomain.Mem, MemoryDomain.Obj] : domains);
    }

    /// <summary>Arms the hook: from now on it numbers allocations from 0 again (so <see cref="AllocationCount"/> restarts
    /// and <see cref="AllocationFaultPolicy.FailNth"/>(n) fails the n-th allocation after this call) and fails those
    /// its <see cref="Policy"/> names. Safe to call from any thread; arming an armed hook restarts the numbering.</summary>
    /// <remarks>The hook is process-wide: an allocation another thread makes right after this call is numbered too.</remarks>
    public void Arm()
    {
        // Numbering restarts before the flag is set, so the first allocation that sees the hook armed gets number 0.
        Interlocked.Exchange(ref _allocations, 0);
        _armed = true;
    }

    /// <summary>Disarms the hook: from now on it passes every allocation through and numbers none, until
    /// <see cref="Arm"/>. The counts stay readable. Safe to call from any thread (an allocation already being decided
    /// on another thread may still be failed).</summary>
    public void Disarm() => _armed = false;

    /// <summary>Allocations the hook has failed in <paramref name="domain"/>, over its whole life.</summary>
    /// <param name="domain">RAW, MEM or OBJ.</param>
    /// <returns>The count; 0 for a domain the hook is not installed on.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="domain"/> is not a defined value.</exception>
    public long FailureCountOf(MemoryDomain domain) => domain switch
    {
        MemoryDomain.Raw => Interlocked.Read(ref _rawFailures),
        MemoryDomain.Mem => Interlocked.Read(ref _memFailures),
        MemoryDomain.Obj => Interlocked.Read(ref _objFailures),
        _ => throw new ArgumentOutOfRangeException(nameof(domain), domain, "Not a MemoryDomain value."),
    };

    /// <inheritdoc/>
    public override nint Malloc(nuint size, NextAllocator nextAllocator) => Fails(size, nextAllocator) ? 0 : nextAllocator.Malloc(size);

    /// <inheritdoc/>
    public override nint Calloc(nuint count, nuint elementSize, NextAllocator nextAllocator)
    {
        nuint total = elementSize != 0 && count > nuint.MaxValue / elementSize ? nuint.MaxValue : count * elementSize;
        return Fails(total, nextAllocator) ? 0 : nextAllocator.Calloc(count, elementSize);
    }

    /// <inheritdoc/>
    public override nint Realloc(nint block, nuint size, NextAllocator nextAllocator) => Fails(size, nextAllocator) ? 0 : nextAllocator.Realloc(block, size);

    private bool Fails(nuint size, NextAllocator nextAllocator)
    {
        if (!_armed)
        {
            return false;
        }

        long number = Interlocked.Increment(ref _allocations) - 1;
        if (!Policy.ShouldFail(number, size))
        {
            return false;
        }

        MemoryDomain domain = DomainOf(nextAllocator);
        Interlocked.Increment(ref _failures);
        Interlocked.Increment(ref domain == MemoryDomain.Raw ? ref _rawFailures : ref domain == MemoryDomain.Mem ? ref _memFailures : ref _objFailures);
        InjectedFaults.Record(domain);
        return true;
    }

    /// <summary>The domain of the call: the installation's context says it.</summary>
    /// <exception cref="InvalidOperationException"><paramref name="nextAllocator"/> is a default value (the hook was
    /// called by hand, not by CPython), as its own methods throw.</exception>
    private static unsafe MemoryDomain DomainOf(NextAllocator nextAllocator)
    {
        var context = (HookContext*)nextAllocator.HookContext;
        return context != null
            ? (MemoryDomain)context->Domain
            : throw new InvalidOperationException("This NextAllocator is a default value; use the one the hook callback received.");
    }
}
