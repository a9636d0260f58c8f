using System.Runtime.InteropServices;

namespace PyMemory.Tracking.Native;

/// <summary>Mirror of the native tracker's <c>pmn_account</c>: what a budget scope or a mark is charged with.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PmnAccount
{
    public fixed long LiveBytes[3];
    public fixed long LiveBlocks[3];
    public long Rejected;
}
