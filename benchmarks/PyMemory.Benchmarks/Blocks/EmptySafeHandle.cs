using System.Runtime.InteropServices;

namespace PyMemory.Benchmarks.Blocks;

/// <summary>The fixed cost of any SafeHandle: construction, finalizer registration, Dispose and a ReleaseHandle that
/// does nothing.</summary>
public sealed class EmptySafeHandle : SafeHandle
{
    public EmptySafeHandle()
        : base(0, ownsHandle: true) => SetHandle(1);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle() => true;
}
