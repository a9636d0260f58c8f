using System.Runtime.CompilerServices;

namespace PyMemory;

/// <summary>
/// Everything the scoped owners (<see cref="ScopedRawBlock"/>, <see cref="ScopedPyMemBlock"/>,
/// <see cref="ScopedPyObjectBlock"/>) do, written once: each of them holds one of these and forwards to it.
/// Specialized per domain (a struct type argument), so every call is direct and the small ones are inlined.
/// </summary>
/// <typeparam name="TDomain">The domain that allocates the block and frees it.</typeparam>
internal unsafe ref struct ScopedBlockCore<TDomain>
    where TDomain : struct, IBlockDomain
{
    private nint _pointer;
    private readonly long _length;

    // What the domain needs at release. For MEM/OBJ, the allocating thread's GIL state: a ref struct never leaves
    // its thread, so Dispose checks the GIL on it directly instead of looking the thread up again. Null for RAW.
    private readonly ThreadGilState? _thread;

    private ScopedBlockCore(nint pointer, long length, ThreadGilState? thread)
    {
        _pointer = pointer;
        _length = length;
        _thread = thread;
    }

    /// <summary>True once disposed (or for a default instance, which owns nothing).</summary>
    public readonly bool IsDisposed => _pointer == 0;

    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    public readonly long Length
    {
        get
        {
            ThrowIfDisposed();
            return _length;
        }
    }

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="byteCount"/> is negative or above PY_SSIZE_T_MAX.</exception>
    /// <exception cref="GilRequiredException">The domain needs the GIL and this thread does not hold it.</exception>
    /// <exception cref="BlockAllocationException">The allocator returned NULL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScopedBlockCore<TDomain> Allocate(long byteCount)
    {
        nint pointer = ScopedAllocation.Allocate<TDomain>(byteCount, throwOnNull: true, out ThreadGilState? thread);
        return new(pointer, byteCount, thread);
    }

    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or the product overflows or exceeds PY_SSIZE_T_MAX.</exception>
    /// <exception cref="GilRequiredException">The domain needs the GIL and this thread does not hold it.</exception>
    /// <exception cref="BlockAllocationException">The allocator returned NULL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static ScopedBlockCore<TDomain> AllocateZeroed(long count, long elementSize)
    {
        nint pointer = ScopedAllocation.AllocateZeroed<TDomain>(count, elementSize, throwOnNull: true, out long byteCount, out ThreadGilState? thread);
        return new(pointer, byteCount, thread);
    }

    /// <summary>Like <see cref="Allocate"/>; false and a default (disposed) core when the allocator returns NULL.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="byteCount"/> is negative or above PY_SSIZE_T_MAX.</exception>
    /// <exception cref="GilRequiredException">The domain needs the GIL and this thread does not hold it.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static bool TryAllocate(long byteCount, out ScopedBlockCore<TDomain> core)
    {
        nint pointer = ScopedAllocation.Allocate<TDomain>(byteCount, throwOnNull: false, out ThreadGilState? thread);
        core = pointer == 0 ? default : new(pointer, byteCount, thread);
        return pointer != 0;
    }

    /// <summary>Like <see cref="AllocateZeroed"/>; false and a default (disposed) core when the allocator returns NULL.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or the product overflows or exceeds PY_SSIZE_T_MAX.</exception>
    /// <exception cref="GilRequiredException">The domain needs the GIL and this thread does not hold it.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static bool TryAllocateZeroed(long count, long elementSize, out ScopedBlockCore<TDomain> core)
    {
        nint pointer = ScopedAllocation.AllocateZeroed<TDomain>(count, elementSize, throwOnNull: false, out long byteCount, out ThreadGilState? thread);
        core = pointer == 0 ? default : new(pointer, byteCount, thread);
        return pointer != 0;
    }

    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="InvalidOperationException">The block is larger than <see cref="int.MaxValue"/> bytes.</exception>
    public readonly Span<byte> AsSpan()
    {
        ThrowIfDisposed();
        return BlockViews.Whole(_pointer, _length);
    }

    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the block.</exception>
    public readonly Span<byte> AsSpan(long offset, int length)
    {
        ThrowIfDisposed();
        return BlockViews.Slice(_pointer, _length, offset, length);
    }

    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="InvalidOperationException">The length is not a multiple of the element size, the block holds
    /// more than <see cref="int.MaxValue"/> elements, or its address is not aligned for <typeparamref name="T"/>.</exception>
    public readonly Span<T> AsSpan<T>()
        where T : unmanaged
    {
        ThrowIfDisposed();
        return BlockViews.Typed<T>(_pointer, _length);
    }

    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The elements are not inside the block.</exception>
    /// <exception cref="ArgumentException">The address at <paramref name="byteOffset"/> is not aligned for <typeparamref name="T"/>.</exception>
    public readonly Span<T> AsSpan<T>(long byteOffset, int count)
        where T : unmanaged
    {
        ThrowIfDisposed();
        return BlockViews.Typed<T>(_pointer, _length, byteOffset, count);
    }

    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    public readonly nint DangerousGetHandle()
    {
        ThrowIfDisposed();
        return _pointer;
    }

    /// <summary>Frees the block by the domain's rule for a block allocated on this thread; again does nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Dispose()
    {
        nint pointer = _pointer;
        if (pointer != 0)
        {
            _pointer = 0;
            ReleaseRule.ReleaseOnThread<TDomain>(pointer, _thread);
        }
    }

    private readonly void ThrowIfDisposed()
    {
        if (_pointer == 0)
        {
            ThrowDisposed();
        }
    }

    private static void ThrowDisposed() =>
        throw new ObjectDisposedException(OwnerName, "The scoped block was disposed (or never allocated).");

    // The public owner's name, for the exception: the core itself is never seen by callers.
    private static string OwnerName => TDomain.Domain switch
    {
        MemoryDomain.Raw => nameof(ScopedRawBlock),
        MemoryDomain.Mem => nameof(ScopedPyMemBlock),
        _ => nameof(ScopedPyObjectBlock),
    };
}
