using System.Runtime.CompilerServices;

namespace PyMemory.Allocators;

/// <summary>
/// Counts the allocations fault injection made fail (<see cref="FailingAllocatorHook"/>), for the whole process, per
/// domain; the memory tracker reports them beside its own refusals (<c>DomainMemoryFigures.InjectedFaults</c> and
/// <c>RejectedAllocations</c>). Called from inside allocator callbacks, so <see cref="Record"/> never throws, never
/// allocates and takes no lock.
/// </summary>
internal static class InjectedFaults
{
    private const int Domains = 3; // RAW, MEM, OBJ, as CPython numbers them

    // One counter per domain, updated with Interlocked. Not padded against false sharing: a counter changes only when
    // an allocation fails, which is rare next to the allocations themselves.
    private static readonly long[] Counts = new long[Domains];

    /// <summary>Counts one failed allocation. An unknown domain is ignored (this runs inside an allocator, where an
    /// exception must not happen).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Record(MemoryDomain domain)
    {
        if ((uint)domain < Domains)
        {
            Interlocked.Increment(ref Counts[(int)domain]);
        }
    }

    /// <summary>How many allocations of <paramref name="domain"/> fault injection has failed in this process so far
    /// (0 for an unknown domain).</summary>
    public static long Count(MemoryDomain domain) =>
        (uint)domain < Domains ? Interlocked.Read(ref Counts[(int)domain]) : 0;
}
