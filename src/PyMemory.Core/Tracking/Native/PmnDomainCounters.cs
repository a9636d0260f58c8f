using System.Runtime.InteropServices;

namespace PyMemory.Tracking.Native;

/// <summary>Mirror of the native tracker's <c>pmn_domain_counters</c> (src/PyMemory.Native/pymemory_native.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PmnDomainCounters
{
    /// <summary><c>PMN_BUCKETS</c>: the size histograms' buckets (read separately, pmn_histogram_read).</summary>
    public const int Buckets = 64;

    public ulong Allocations;
    public ulong Frees;
    public ulong Reallocations;
    public ulong BytesAllocated;
    public ulong BytesFreed;
    public ulong Failed;
    public ulong Rejected;
    public ulong UntrackedFrees;
}
