namespace PyMemory.Allocators;

/// <summary>Why PyMemory made an allocation fail, as <see cref="InjectedFaults"/> counts it.</summary>
internal enum FaultKind
{
    /// <summary>A <see cref="FailingAllocatorHook"/> failed it (fault injection).</summary>
    Injected = 0,

    /// <summary>A memory budget refused it (the request would have gone over a limit).</summary>
    BudgetRejected = 1,
}
