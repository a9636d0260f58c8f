using System.Diagnostics.CodeAnalysis;

namespace PyMemory;

/// <summary>
/// Memory from CPython's RAW domain (<c>PyMem_RawMalloc</c> family): no GIL needed, usable and freed on any thread, the finalizer thread included. The right choice for large buffers and work done without the GIL.
/// </summary>
/// <remarks>See <see cref="NativeBlock"/> for views, resizing and how the block is freed.</remarks>
[SuppressMessage("Interoperability", "CA1419:Provide a parameterless constructor", Justification = "Blocks carry a length and are created only by their factories, never by P/Invoke marshalling.")]
public sealed unsafe class RawBlock : NativeBlock
{
    internal RawBlock()
    {
    }

    /// <inheritdoc />
    public override MemoryDomain Domain => MemoryDomain.Raw;

    /// <summary>Allocates an uninitialized block with <c>PyMem_RawMalloc</c>. Zero bytes is valid (a distinct, non-NULL block).</summary>
    /// <param name="byteCount">The size in bytes.</param>
    /// <returns>The block; dispose it to free it.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="byteCount"/> is negative or above PY_SSIZE_T_MAX.</exception>
    /// <exception cref="BlockAllocationException">The allocator returned NULL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static RawBlock Allocate(long byteCount) => AllocateCore<RawDomain, RawBlock>(byteCount, throwOnNull: true)!;

    /// <summary>Allocates a zero-filled block of <paramref name="count"/> elements of <paramref name="elementSize"/>
    /// bytes with <c>PyMem_RawCalloc</c>.</summary>
    /// <param name="count">The number of elements.</param>
    /// <param name="elementSize">The size of one element in bytes.</param>
    /// <returns>The block; dispose it to free it.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or the product overflows or exceeds PY_SSIZE_T_MAX.</exception>
    /// <exception cref="BlockAllocationException">The allocator returned NULL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static RawBlock AllocateZeroed(long count, long elementSize) => AllocateZeroedCore<RawDomain, RawBlock>(count, elementSize, throwOnNull: true)!;

    /// <summary>Like <see cref="Allocate"/>, but returns false instead of throwing when the allocator returns NULL.</summary>
    /// <param name="byteCount">The size in bytes.</param>
    /// <param name="block">The block, or null.</param>
    /// <returns>True when allocated.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="byteCount"/> is negative or above PY_SSIZE_T_MAX.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static bool TryAllocate(long byteCount, [NotNullWhen(true)] out RawBlock? block)
    {
        block = AllocateCore<RawDomain, RawBlock>(byteCount, throwOnNull: false);
        return block != null;
    }

    /// <summary>Like <see cref="AllocateZeroed"/>, but returns false instead of throwing when the allocator returns NULL.</summary>
    /// <param name="count">The number of elements.</param>
    /// <param name="elementSize">The size of one element in bytes.</param>
    /// <param name="block">The block, or null.</param>
    /// <returns>True when allocated.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or the product overflows or exceeds PY_SSIZE_T_MAX.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static bool TryAllocateZeroed(long count, long elementSize, [NotNullWhen(true)] out RawBlock? block)
    {
        block = AllocateZeroedCore<RawDomain, RawBlock>(count, elementSize, throwOnNull: false);
        return block != null;
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        RawDomain.Release((void*)handle);
        Released<RawDomain>();
        return true;
    }

    private protected override bool ResizeCore(long newByteCount, bool throwOnNull) => ResizeIn<RawDomain>(newByteCount, throwOnNull);
}
