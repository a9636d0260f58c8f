using System.Runtime.CompilerServices;

namespace PyMemory;

/// <summary>
/// A short-lived MEM-domain block (<c>PyMem_Malloc</c>); allocating requires the GIL. Owned by one method: <c>using var buffer = ScopedPyMemBlock.Allocate(256);</c>. Costs no
/// handle object and no finalizer; the same argument and GIL checks as <see cref="PyMemBlock"/>.
/// </summary>
/// <remarks>
/// Dispose it exactly where it was created (a <c>using</c> declaration does). Do not copy the struct: every copy
/// points at the same memory, and disposing one leaves the others dangling (their checks cannot see it). Spans from
/// it are valid until it is disposed. If it is never disposed the memory leaks: there is no finalizer.
/// </remarks>
public ref struct ScopedPyMemBlock
{
    private ScopedBlockCore<MemDomain> _core;

    private ScopedPyMemBlock(ScopedBlockCore<MemDomain> core) => _core = core;

    /// <summary>True once disposed (or for a default instance, which owns nothing).</summary>
    public readonly bool IsDisposed => _core.IsDisposed;

    /// <summary>The size of the block in bytes.</summary>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    public readonly long Length => _core.Length;

    /// <summary>The whole block as a span; same as <see cref="AsSpan()"/>.</summary>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="InvalidOperationException">The block is larger than <see cref="int.MaxValue"/> bytes.</exception>
    public readonly Span<byte> Span => _core.AsSpan();

    /// <summary>Allocates an uninitialized block with <c>PyMem_Malloc</c>. Zero bytes is valid.</summary>
    /// <param name="byteCount">The size in bytes.</param>
    /// <returns>The owner; dispose it to free the block.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="byteCount"/> is negative or above PY_SSIZE_T_MAX.</exception>
    /// <exception cref="GilRequiredException">This thread does not hold the GIL (checked before the native call).</exception>
    /// <exception cref="BlockAllocationException">The allocator returned NULL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScopedPyMemBlock Allocate(long byteCount) => new(ScopedBlockCore<MemDomain>.Allocate(byteCount));

    /// <summary>Allocates a zero-filled block with <c>PyMem_Calloc</c>.</summary>
    /// <param name="count">The number of elements.</param>
    /// <param name="elementSize">The size of one element in bytes.</param>
    /// <returns>The owner; dispose it to free the block.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or the product overflows or exceeds PY_SSIZE_T_MAX.</exception>
    /// <exception cref="GilRequiredException">This thread does not hold the GIL (checked before the native call).</exception>
    /// <exception cref="BlockAllocationException">The allocator returned NULL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static ScopedPyMemBlock AllocateZeroed(long count, long elementSize) => new(ScopedBlockCore<MemDomain>.AllocateZeroed(count, elementSize));

    /// <summary>Like <see cref="Allocate"/>, but returns false instead of throwing when the allocator returns NULL.</summary>
    /// <param name="byteCount">The size in bytes.</param>
    /// <param name="block">The owner, or a default (disposed) instance.</param>
    /// <returns>True when allocated.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="byteCount"/> is negative or above PY_SSIZE_T_MAX.</exception>
    /// <exception cref="GilRequiredException">This thread does not hold the GIL (checked before the native call).</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static bool TryAllocate(long byteCount, out ScopedPyMemBlock block)
    {
        bool allocated = ScopedBlockCore<MemDomain>.TryAllocate(byteCount, out ScopedBlockCore<MemDomain> core);
        block = new(core);
        return allocated;
    }

    /// <summary>Like <see cref="AllocateZeroed"/>, but returns false instead of throwing when the allocator returns NULL.</summary>
    /// <param name="count">The number of elements.</param>
    /// <param name="elementSize">The size of one element in bytes.</param>
    /// <param name="block">The owner, or a default (disposed) instance.</param>
    /// <returns>True when allocated.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or the product overflows or exceeds PY_SSIZE_T_MAX.</exception>
    /// <exception cref="GilRequiredException">This thread does not hold the GIL (checked before the native call).</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static bool TryAllocateZeroed(long count, long elementSize, out ScopedPyMemBlock block)
    {
        bool allocated = ScopedBlockCore<MemDomain>.TryAllocateZeroed(count, elementSize, out ScopedBlockCore<MemDomain> core);
        block = new(core);
        return allocated;
    }

    /// <summary>The whole block as a span (valid until disposed).</summary>
    /// <returns>The span.</returns>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="InvalidOperationException">The block is larger than <see cref="int.MaxValue"/> bytes.</exception>
    public readonly Span<byte> AsSpan() => _core.AsSpan();

    /// <summary>A window of the block (valid until disposed).</summary>
    /// <param name="offset">The first byte.</param>
    /// <param name="length">The number of bytes.</param>
    /// <returns>The span.</returns>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the block.</exception>
    public readonly Span<byte> AsSpan(long offset, int length) => _core.AsSpan(offset, length);

    /// <summary>The whole block as elements of <typeparamref name="T"/> (valid until disposed).</summary>
    /// <typeparam name="T">An unmanaged element type.</typeparam>
    /// <returns>The span.</returns>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="InvalidOperationException">The length is not a multiple of the element size, the block holds more
    /// than <see cref="int.MaxValue"/> elements, or its address is not aligned for <typeparamref name="T"/>.</exception>
    public readonly Span<T> AsSpan<T>()
        where T : unmanaged => _core.AsSpan<T>();

    /// <summary><paramref name="count"/> elements of <typeparamref name="T"/> from <paramref name="byteOffset"/> (valid until disposed).</summary>
    /// <typeparam name="T">An unmanaged element type.</typeparam>
    /// <param name="byteOffset">Where the first element starts, in bytes.</param>
    /// <param name="count">The number of elements.</param>
    /// <returns>The span.</returns>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The elements are not inside the block.</exception>
    /// <exception cref="ArgumentException">The address at <paramref name="byteOffset"/> is not aligned for <typeparamref name="T"/>.</exception>
    public readonly Span<T> AsSpan<T>(long byteOffset, int count)
        where T : unmanaged => _core.AsSpan<T>(byteOffset, count);

    /// <summary>The native address, for calls into the raw layer: the same method as a SafeHandle block's
    /// (<see cref="System.Runtime.InteropServices.SafeHandle.DangerousGetHandle"/>). Valid until disposed; unlike the
    /// SafeHandle's, it throws once disposed, since no handle object keeps the memory.</summary>
    /// <returns>The pointer.</returns>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    public readonly nint DangerousGetHandle() => _core.DangerousGetHandle();

    /// <summary>Frees the block: at once when this thread holds the GIL, otherwise queued until PyMemory next holds it; nothing once the interpreter is finalized. Calling it again does nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Dispose() => _core.Dispose();
}
