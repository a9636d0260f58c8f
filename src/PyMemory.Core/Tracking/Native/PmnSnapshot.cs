using System.Runtime.InteropServices;

namespace PyMemory.Tracking.Native;

/// <summary>Mirror of the native tracker's <c>pmn_snapshot</c> (src/PyMemory.Native/pymemory_native.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PmnSnapshot
{
    public PmnDomainCounters Raw;
    public PmnDomainCounters Mem;
    public PmnDomainCounters Obj;
    public fixed long PeakLiveBytes[3];
    public long PeakTotalLiveBytes;
    public ulong Threads;
    public ulong SideEntries;
    public ulong SideCapacity;
    public ulong SoftLimitCrossings;
}
