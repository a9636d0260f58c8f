using System.Runtime.CompilerServices;

namespace PyMemory.Allocators;

/// <summary>
/// The one place that counts the allocations PyMemory itself made fail, for the whole process, per domain and per
/// <see cref="FaultKind"/>: every fault path (fault injection, budget rejections) records here, and reports read here.
/// Called from inside allocator callbacks, so <see cref="Record"/> never throws, never allocates and takes no lock.
/// </summary>
internal static class InjectedFaults
{
    private const int Domains = 3; // RAW, MEM, OBJ, as CPython numbers them
    private const int Kinds = 2;

    // One counter per (kind, domain); a plain array of longs updated with Interlocked. Not padded against false
    // sharing: a counter changes only when an allocation fails, which is rare next to the allocations themselves.
    private static readonly long[] Counts = new long[Kinds * Domains];

    /// <summary>Counts one failed allocation. An unknown domain or kind is ignored (this runs inside an allocator,
    /// where an exception must not happen).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Record(MemoryDomain domain, FaultKind kind)
    {
        if ((uint)domain < Domains && (uint)kind < Kinds)
        {
            Interlocked.Increment(ref Counts[((int)kind * Domains) + (int)domain]);
        }
    }

    /// <summary>How many allocations of <paramref name="domain"/> have failed for <paramref name="kind"/> in this
    /// process so far (0 for an unknown domain or kind).</summary>
    public static long Count(MemoryDomain domain, FaultKind kind) =>
        (uint)domain < Domains && (uint)kind < Kinds ? Interlocked.Read(ref Counts[((int)kind * Domains) + (int)domain]) : 0;
}
