using System.Runtime.InteropServices;

namespace PyMemory.Tracking.Native;

/// <summary>Mirror of the native tracker's <c>pmn_limits</c>; 0 means no limit.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PmnLimits
{
    public fixed long Hard[3];
    public long HardTotal;
    public long SoftTotal;
    public long Headroom;
}
