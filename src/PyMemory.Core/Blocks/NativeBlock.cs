using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PyMemory.Diagnostics;
using PyMemory.Interop;

namespace PyMemory;

/// <summary>
/// A block of native memory owned through one of CPython's allocation domains and freed exactly once, by the same
/// domain: <see cref="RawBlock"/> (RAW), <see cref="PyMemBlock"/> (MEM) or <see cref="PyObjectBlock"/> (OBJ).
/// </summary>
/// <remarks>
/// <para>Disposing a block (or its finalizer) frees it: RAW blocks at once on any thread; MEM and OBJ blocks at once
/// when the thread holds the GIL, otherwise they are queued and freed the next time PyMemory holds the GIL (a
/// finalizer never takes the GIL). Once the interpreter is finalized nothing is freed through Python: blocks still
/// alive then are leaked on purpose. Disposing twice is harmless.</para>
/// <para>Spans returned by <see cref="AsSpan()"/> and friends point straight into native memory and are valid only
/// until the block is disposed or resized; <see cref="Resize"/> may move the block, so every view taken before a
/// successful resize is stale. <see cref="AsMemory()"/> returns a <see cref="Memory{T}"/> that keeps the block alive
/// while pinned and fails clearly once the block is disposed or resized. The copy methods hold a reference on the
/// handle for their duration, so a concurrent <see cref="SafeHandle.Dispose()"/> cannot free memory under them.</para>
/// <para>The block's address, for calls into the raw layer, is <see cref="SafeHandle.DangerousGetHandle"/> (the
/// scoped owners have the same method): valid only until the block is disposed or resized. Prefer the views and copy
/// methods, which check the block first.</para>
/// <para>A block is not synchronized: resize it from one thread at a time, and not while other threads use views.</para>
/// <para>The .NET GC sees only the small handle object, not the native memory behind it. So that a program which drops
/// large blocks without disposing them still runs their finalizers before native memory runs out, a block of at least
/// <see cref="MemoryPressureThreshold"/> bytes counts its size as memory pressure for as long as it owns its memory
/// (a resize counts the new size), and stops counting it exactly once, when the block is freed. The GC is told
/// (<see cref="GC.AddMemoryPressure"/>, <see cref="GC.RemoveMemoryPressure"/>) whenever the total of the live large
/// blocks has moved by 8 MiB since it was last told, and when no large block is left: a report per block would make
/// the GC collect every few blocks even in a program that disposes them promptly. Dispose blocks all the same: the GC
/// only collects them sooner.</para>
/// <para>Live blocks are counted per type: see <see cref="LiveHandles"/>.</para>
/// </remarks>
public abstract unsafe class NativeBlock : SafeHandle
{
    private long _length;
    private int _generation;
    private int _pins;
    private volatile bool _disposed;

    /// <summary>
    /// The size from which a block counts its native memory as memory pressure for the .NET GC (see the remarks of
    /// <see cref="NativeBlock"/>): 64 KiB. Smaller blocks do not count; for them the handle objects alone bring
    /// collections often enough, and they skip the cost (their allocation pays one size compare).
    /// </summary>
    public const long MemoryPressureThreshold = 64 * 1024;

    private protected NativeBlock()
        : base(0, ownsHandle: true)
    {
    }

    /// <summary>True when the block owns no memory (only while it is being created).</summary>
    public sealed override bool IsInvalid => handle == 0;

    /// <summary>The domain that allocated this block and will free it.</summary>
    public abstract MemoryDomain Domain { get; }

    /// <summary>The size of the block in bytes.</summary>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    public long Length
    {
        get
        {
            ThrowIfDisposed();
            return _length;
        }
    }

    /// <summary>The whole block as a span; same as <see cref="AsSpan()"/>.</summary>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="InvalidOperationException">The block is larger than <see cref="int.MaxValue"/> bytes.</exception>
    public Span<byte> Span => AsSpan();

    /// <summary>Bumped by every successful resize, so views taken earlier can tell they are stale.</summary>
    internal int Generation => _generation;

    internal nint Pointer => handle;

    /// <summary>The whole block as a span (valid until the block is disposed or resized).</summary>
    /// <returns>The span.</returns>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="InvalidOperationException">The block is larger than <see cref="int.MaxValue"/> bytes; use
    /// <see cref="AsSpan(long, int)"/>.</exception>
    public Span<byte> AsSpan()
    {
        ThrowIfDisposed();
        return BlockViews.Whole(handle, _length);
    }

    /// <summary>A window of the block (valid until the block is disposed or resized); the way to reach every byte of
    /// blocks larger than <see cref="int.MaxValue"/>.</summary>
    /// <param name="offset">The first byte.</param>
    /// <param name="length">The number of bytes.</param>
    /// <returns>The span.</returns>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the block.</exception>
    public Span<byte> AsSpan(long offset, int length)
    {
        ThrowIfDisposed();
        return BlockViews.Slice(handle, _length, offset, length);
    }

    /// <summary>The whole block as elements of <typeparamref name="T"/> (valid until the block is disposed or resized).</summary>
    /// <typeparam name="T">An unmanaged element type.</typeparam>
    /// <returns>The span.</returns>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="InvalidOperationException">The length is not a multiple of the element size, the block holds more
    /// than <see cref="int.MaxValue"/> elements, or its address is not aligned for <typeparamref name="T"/>.</exception>
    public Span<T> AsSpan<T>()
        where T : unmanaged
    {
        ThrowIfDisposed();
        return BlockViews.Typed<T>(handle, _length);
    }

    /// <summary><paramref name="count"/> elements of <typeparamref name="T"/> starting <paramref name="byteOffset"/> bytes
    /// into the block (valid until the block is disposed or resized).</summary>
    /// <typeparam name="T">An unmanaged element type.</typeparam>
    /// <param name="byteOffset">Where the first element starts, in bytes.</param>
    /// <param name="count">The number of elements.</param>
    /// <returns>The span.</returns>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The elements are not inside the block.</exception>
    /// <exception cref="ArgumentException">The address at <paramref name="byteOffset"/> is not aligned for
    /// <typeparamref name="T"/>.</exception>
    public Span<T> AsSpan<T>(long byteOffset, int count)
        where T : unmanaged
    {
        ThrowIfDisposed();
        return BlockViews.Typed<T>(handle, _length, byteOffset, count);
    }

    /// <summary>The whole block as <see cref="Memory{T}"/>, without copying. Pinning it (<see cref="Memory{T}.Pin"/>)
    /// keeps the block alive, even across <see cref="SafeHandle.Dispose()"/>, until the pin is released; resizing a
    /// block while it is pinned is refused.</summary>
    /// <returns>The memory. Its <see cref="Memory{T}.Span"/> and <see cref="Memory{T}.Pin"/> throw
    /// <see cref="ObjectDisposedException"/> once the block is disposed, and <see cref="InvalidOperationException"/>
    /// once it was resized.</returns>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="InvalidOperationException">The block is larger than <see cref="int.MaxValue"/> bytes; use
    /// <see cref="AsMemory(long, int)"/>.</exception>
    public Memory<byte> AsMemory()
    {
        ThrowIfDisposed();
        _ = BlockViews.Whole(handle, _length); // the same size rule as AsSpan()
        return new BlockMemoryManager(this, 0, (int)_length, _generation).Memory;
    }

    /// <summary>A window of the block as <see cref="Memory{T}"/>, without copying; see <see cref="AsMemory()"/>.</summary>
    /// <param name="offset">The first byte.</param>
    /// <param name="length">The number of bytes.</param>
    /// <returns>The memory.</returns>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the block.</exception>
    public Memory<byte> AsMemory(long offset, int length)
    {
        ThrowIfDisposed();
        BlockSize.CheckRange(_length, offset, length);
        return new BlockMemoryManager(this, offset, length, _generation).Memory;
    }

    /// <summary>Copies <paramref name="source"/> to the start of the block (for example .NET data into Python memory).</summary>
    /// <param name="source">The bytes to copy.</param>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="source"/> is longer than the block.</exception>
    public void CopyFrom(ReadOnlySpan<byte> source) => CopyFrom(source, 0);

    /// <summary>Copies <paramref name="source"/> into the block at <paramref name="destinationOffset"/>.</summary>
    /// <param name="source">The bytes to copy.</param>
    /// <param name="destinationOffset">Where in the block the first byte goes.</param>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The bytes do not fit inside the block at that offset.</exception>
    public void CopyFrom(ReadOnlySpan<byte> source, long destinationOffset)
    {
        AddRefForUse();
        try
        {
            BlockSize.CheckRange(_length, destinationOffset, source.Length);
            source.CopyTo(new Span<byte>((byte*)handle + destinationOffset, source.Length));
        }
        finally
        {
            DangerousRelease();
        }
    }

    /// <summary>Copies a .NET array to the start of the block.</summary>
    /// <param name="source">The bytes to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="source"/> is longer than the block.</exception>
    public void CopyFrom(byte[] source)
    {
        ArgumentNullException.ThrowIfNull(source);
        CopyFrom(source.AsSpan(), 0);
    }

    /// <summary>Copies the whole block to <paramref name="destination"/> (for example Python memory into .NET).</summary>
    /// <param name="destination">Receives <see cref="Length"/> bytes.</param>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the block.</exception>
    public void CopyTo(Span<byte> destination)
    {
        AddRefForUse();
        try
        {
            if (destination.Length < _length)
            {
                throw new ArgumentException($"The destination holds {destination.Length} bytes; the block has {_length}.", nameof(destination));
            }

            new ReadOnlySpan<byte>((void*)handle, (int)_length).CopyTo(destination);
        }
        finally
        {
            DangerousRelease();
        }
    }

    /// <summary>Copies <c>destination.Length</c> bytes of the block, starting at <paramref name="sourceOffset"/>.</summary>
    /// <param name="sourceOffset">The first byte of the block to copy.</param>
    /// <param name="destination">Receives the bytes.</param>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the block.</exception>
    public void CopyTo(long sourceOffset, Span<byte> destination)
    {
        AddRefForUse();
        try
        {
            BlockSize.CheckRange(_length, sourceOffset, destination.Length);
            new ReadOnlySpan<byte>((byte*)handle + sourceOffset, destination.Length).CopyTo(destination);
        }
        finally
        {
            DangerousRelease();
        }
    }

    /// <summary>A .NET copy of the whole block.</summary>
    /// <returns>The bytes.</returns>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="InvalidOperationException">The block is larger than a .NET array can be.</exception>
    public byte[] ToArray()
    {
        AddRefForUse();
        try
        {
            if (_length > Array.MaxLength)
            {
                throw new InvalidOperationException($"The block's {_length} bytes exceed the largest .NET array; use CopyTo(offset, destination).");
            }

            return new ReadOnlySpan<byte>((void*)handle, (int)_length).ToArray();
        }
        finally
        {
            DangerousRelease();
        }
    }

    /// <summary>Resizes the block with realloc semantics. On success the block may have moved: every span, pointer or
    /// <see cref="Memory{T}"/> taken earlier is stale. On failure the block is unchanged, still valid and owned.</summary>
    /// <param name="newByteCount">The new size in bytes; zero is allowed.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="newByteCount"/> is negative or above PY_SSIZE_T_MAX.</exception>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="InvalidOperationException">A <see cref="Memory{T}"/> of this block is pinned, or the block is exported to Python.</exception>
    /// <exception cref="GilRequiredException">A MEM or OBJ block, and this thread does not hold the GIL.</exception>
    /// <exception cref="BlockAllocationException">The allocator returned NULL; the block is unchanged.</exception>
    public void Resize(long newByteCount) => ResizeCore(newByteCount, throwOnNull: true);

    /// <summary>Like <see cref="Resize"/>, but returns false instead of throwing when the allocator returns NULL (the
    /// block is then unchanged, still valid and owned).</summary>
    /// <param name="newByteCount">The new size in bytes; zero is allowed.</param>
    /// <returns>True when resized.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="newByteCount"/> is negative or above PY_SSIZE_T_MAX.</exception>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="InvalidOperationException">A <see cref="Memory{T}"/> of this block is pinned, or the block is exported to Python.</exception>
    /// <exception cref="GilRequiredException">A MEM or OBJ block, and this thread does not hold the GIL.</exception>
    public bool TryResize(long newByteCount) => ResizeCore(newByteCount, throwOnNull: false);

    /// <summary>Throws when the block was disposed.</summary>
    /// <exception cref="ObjectDisposedException">It was.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Marks the block disposed for every later use, even while a pin defers the actual free (SafeHandle
    /// reports closed only once the last reference is gone).</summary>
    /// <param name="disposing">True from Dispose, false from the finalizer.</param>
    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        base.Dispose(disposing);
    }

    /// <summary>Adds a handle reference for an operation on the memory, refusing a disposed block.</summary>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    private void AddRefForUse()
    {
        ThrowIfDisposed();
        bool added = false;
        DangerousAddRef(ref added); // a concurrent Dispose must not free the block under the operation
    }

    internal void AddPin() => Interlocked.Increment(ref _pins);

    internal void RemovePin() => Interlocked.Decrement(ref _pins);

    /// <summary>The domain-specific realloc: one line in each block type.</summary>
    private protected abstract bool ResizeCore(long newByteCount, bool throwOnNull);

    /// <summary>Allocates a block of <typeparamref name="TDomain"/>; null only when the allocator returned NULL and
    /// <paramref name="throwOnNull"/> is false.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected static TBlock? AllocateCore<TDomain, TBlock>(long byteCount, bool throwOnNull)
        where TDomain : struct, IBlockDomainOf<TBlock>
        where TBlock : NativeBlock
    {
        BlockSize.Check(byteCount, nameof(byteCount));
        PythonApi api = Gil.Require<TDomain>(TDomain.MallocName);

        // The handle exists before the memory does, so a managed out-of-memory cannot strand a native block.
        TBlock block = TDomain.CreateEmpty();
        void* pointer = TDomain.Malloc(api, (nuint)byteCount);
        if (pointer == null)
        {
            return Failed<TDomain, TBlock>(block, TDomain.MallocName, byteCount, throwOnNull);
        }

        block.Own<TDomain>((nint)pointer, byteCount);
        return block;
    }

    /// <summary>Allocates a zero-filled block of <typeparamref name="TDomain"/>; see <see cref="AllocateCore"/>.</summary>
    private protected static TBlock? AllocateZeroedCore<TDomain, TBlock>(long count, long elementSize, bool throwOnNull)
        where TDomain : struct, IBlockDomainOf<TBlock>
        where TBlock : NativeBlock
    {
        long byteCount = BlockSize.Product(count, elementSize);
        PythonApi api = Gil.Require<TDomain>(TDomain.CallocName);
        TBlock block = TDomain.CreateEmpty();
        void* pointer = TDomain.Calloc(api, (nuint)count, (nuint)elementSize);
        if (pointer == null)
        {
            return Failed<TDomain, TBlock>(block, TDomain.CallocName, byteCount, throwOnNull);
        }

        block.Own<TDomain>((nint)pointer, byteCount);
        return block;
    }

    /// <summary>Realloc in <typeparamref name="TDomain"/>.</summary>
    private protected bool ResizeIn<TDomain>(long newByteCount, bool throwOnNull)
        where TDomain : struct, IBlockDomain
    {
        BlockSize.Check(newByteCount, nameof(newByteCount));
        AddRefForUse();
        try
        {
            if (Volatile.Read(ref _pins) != 0)
            {
                throw new InvalidOperationException("The block cannot be resized while a Memory<byte> of it is pinned or it is exported to Python (PythonBuffer); realloc could move it under the pin or the Python views.");
            }

            PythonApi api = Gil.Require<TDomain>(TDomain.ReallocName);
            void* pointer = TDomain.Realloc(api, (void*)handle, (nuint)newByteCount);
            if (pointer == null)
            {
                // realloc failed: the old block is untouched and still ours.
                return throwOnNull ? throw new BlockAllocationException(TDomain.Domain, TDomain.ReallocName, newByteCount) : false;
            }

            SetHandle((nint)pointer);
            ChangePressure(Pressure(_length), Pressure(newByteCount));
            _length = newByteCount;
            _generation++;
            return true;
        }
        finally
        {
            DangerousRelease();
        }
    }

    /// <summary>The release of a block of <typeparamref name="TDomain"/>, run once by SafeHandle: the domain frees,
    /// queues or leaks the memory, then the block stops counting as live and withdraws its memory pressure.</summary>
    /// <returns>True: a release never fails.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected bool ReleaseIn<TDomain>()
        where TDomain : struct, IBlockDomain
    {
        ReleaseRule.Release<TDomain>(handle);
        LiveHandles.BlockReleased(TDomain.Domain);
        if (_length >= MemoryPressureThreshold)
        {
            ChangePressure(_length, 0);
        }

        return true;
    }

    /// <summary>The pressure a block of <paramref name="length"/> bytes reports: its size from the threshold on, else none.</summary>
    private static long Pressure(long length) => length >= MemoryPressureThreshold ? length : 0;

    /// <summary>Moves this block's share of the memory pressure from <paramref name="before"/> to
    /// <paramref name="after"/> bytes.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // large blocks only: keep it out of the small-block paths
    private static void ChangePressure(long before, long after)
    {
        if (after != before)
        {
            MemoryPressureLedger.Shared.Change(after - before);
        }
    }

    /// <summary>The new block takes ownership of its memory: counted live, and reporting its size when large.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Own<TDomain>(nint pointer, long byteCount)
        where TDomain : struct, IBlockDomain
    {
        SetHandle(pointer);
        _length = byteCount;
        LiveHandles.BlockCreated(TDomain.Domain);
        if (byteCount >= MemoryPressureThreshold)
        {
            ChangePressure(0, byteCount);
        }
    }

    private static TBlock? Failed<TDomain, TBlock>(TBlock block, string functionName, long byteCount, bool throwOnNull)
        where TDomain : struct, IBlockDomain
        where TBlock : NativeBlock
    {
        // The empty handle owns nothing: closing it skips ReleaseHandle and the finalizer.
        block.Dispose();
        return throwOnNull ? throw new BlockAllocationException(TDomain.Domain, functionName, byteCount) : null;
    }
}
