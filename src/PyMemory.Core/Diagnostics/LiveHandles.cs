using System.Runtime.CompilerServices;

namespace PyMemory.Diagnostics;

/// <summary>
/// Counts of the live PyMemory handles per type, kept as they are created and released: a cheap way to find handles
/// that are never disposed (a count that only grows) without a memory profiler.
/// </summary>
/// <remarks>
/// <para>A handle is live from the moment it takes ownership (a block's allocation succeeded, a
/// <see cref="PyObjectHandle"/> took its reference) until its release runs, exactly once: at Dispose, or at the last
/// pin's release for a pinned block, or in the finalizer for a handle nobody disposed. A MEM or OBJ block or an
/// object handle released on a thread without the GIL stops counting when its free is queued (the queue owns it then:
/// see <see cref="PythonRuntime.PendingReleaseCount"/>), and one released after the interpreter was finalized stops
/// counting although its memory is leaked on purpose. A handle that is never disposed and never collected stays live. So does a block whose pin is never released (a
/// <see cref="System.Buffers.MemoryHandle"/> dropped without Dispose), even once the block object is collected: native
/// code may still hold the pinned address, so nothing is freed under a pin.
/// A failed allocation never counts, and neither does a <see cref="PyObjectHandle"/> that P/Invoke
/// marshalling filled (PyMemory does not see it take its reference).</para>
/// <para>The scoped owners (<see cref="ScopedRawBlock"/> and friends) are not counted: they live in one method and a
/// counter would cost their fast path an atomic operation each way.</para>
/// <para>Each count costs its handle type one interlocked add at creation and one at release.</para>
/// </remarks>
public static class LiveHandles
{
    private static long s_rawBlocks;
    private static long s_pyMemBlocks;
    private static long s_pyObjectBlocks;
    private static long s_pyObjectHandles;

    /// <summary>The counts now. Each count is read atomically, but not all four at one instant: handles created or
    /// released on other threads meanwhile may show in some counts and not yet in others.</summary>
    /// <returns>The counts.</returns>
    public static LiveHandleCounts Snapshot() => new(
        Volatile.Read(ref s_rawBlocks),
        Volatile.Read(ref s_pyMemBlocks),
        Volatile.Read(ref s_pyObjectBlocks),
        Volatile.Read(ref s_pyObjectHandles));

    /// <summary>A block of <paramref name="domain"/> took ownership of its memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void BlockCreated(MemoryDomain domain) => Interlocked.Increment(ref BlockCount(domain));

    /// <summary>A block of <paramref name="domain"/> ran its release.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void BlockReleased(MemoryDomain domain) => Interlocked.Decrement(ref BlockCount(domain));

    /// <summary>A <see cref="PyObjectHandle"/> took ownership of a reference.</summary>
    internal static void ObjectHandleCreated() => Interlocked.Increment(ref s_pyObjectHandles);

    /// <summary>A <see cref="PyObjectHandle"/> ran its release.</summary>
    internal static void ObjectHandleReleased() => Interlocked.Decrement(ref s_pyObjectHandles);

    // Called with a domain that is a constant in each block type's specialized code, so the switch folds away.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref long BlockCount(MemoryDomain domain)
    {
        switch (domain)
        {
            case MemoryDomain.Raw:
                return ref s_rawBlocks;
            case MemoryDomain.Mem:
                return ref s_pyMemBlocks;
            default:
                return ref s_pyObjectBlocks;
        }
    }
}
