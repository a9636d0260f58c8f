using System.Diagnostics.CodeAnalysis;

namespace PyMemory;

/// <summary>
/// Memory from CPython's MEM domain (<c>PyMem_Malloc</c> family, pymalloc by default): every allocation and resize requires the GIL; disposal without the GIL is queued until PyMemory next holds it.
/// </summary>
/// <remarks>See <see cref="NativeBlock"/> for views, resizing and how the block is freed.</remarks>
[SuppressMessage("Interoperability", "CA1419:Provide a parameterless constructor", Justification = "Blocks carry a length and are created only by their factories, never by P/Invoke marshalling.")]
public sealed unsafe class PyMemBlock : NativeBlock
{
    internal PyMemBlock()
    {
    }

    /// <inheritdoc />
    public override MemoryDomain Domain => MemoryDomain.Mem;

    /// <summary>Allocates an uninitialized block with <c>PyMem_Malloc</c>. Zero bytes is valid (a distinct, non-NULL block).</summary>
    /// <param name="byteCount">The size in bytes.</param>
    /// <returns>The block; dispose it to free it.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="byteCount"/> is negative or above PY_SSIZE_T_MAX.</exception>
    /// <exception cref="GilRequiredException">This thread does not hold the GIL (checked before the native call).</exception>
    /// <exception cref="BlockAllocationException">The allocator returned NULL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static PyMemBlock Allocate(long byteCount) => AllocateCore<MemDomain, PyMemBlock>(byteCount, throwOnNull: true)!;

    /// <summary>Allocates a zero-filled block of <paramref name="count"/> elements of <paramref name="elementSize"/>
    /// bytes with <c>PyMem_Calloc</c>.</summary>
    /// <param name="count">The number of elements.</param>
    /// <param name="elementSize">The size of one element in bytes.</param>
    /// <returns>The block; dispose it to free it.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or the product overflows or exceeds PY_SSIZE_T_MAX.</exception>
    /// <exception cref="GilRequiredException">This thread does not hold the GIL (checked before the native call).</exception>
    /// <exception cref="BlockAllocationException">The allocator returned NULL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static PyMemBlock AllocateZeroed(long count, long elementSize) => AllocateZeroedCore<MemDomain, PyMemBlock>(count, elementSize, throwOnNull: true)!;

    /// <summary>Like <see cref="Allocate"/>, but returns false instead of throwing when the allocator returns NULL.</summary>
    /// <param name="byteCount">The size in bytes.</param>
    /// <param name="block">The block, or null.</param>
    /// <returns>True when allocated.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="byteCount"/> is negative or above PY_SSIZE_T_MAX.</exception>
    /// <exception cref="GilRequiredException">This thread does not hold the GIL (checked before the native call).</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static bool TryAllocate(long byteCount, [NotNullWhen(true)] out PyMemBlock? block)
    {
        block = AllocateCore<MemDomain, PyMemBlock>(byteCount, throwOnNull: false);
        return block != null;
    }

    /// <summary>Like <see cref="AllocateZeroed"/>, but returns false instead of throwing when the allocator returns NULL.</summary>
    /// <param name="count">The number of elements.</param>
    /// <param name="elementSize">The size of one element in bytes.</param>
    /// <param name="block">The block, or null.</param>
    /// <returns>True when allocated.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or the product overflows or exceeds PY_SSIZE_T_MAX.</exception>
    /// <exception cref="GilRequiredException">This thread does not hold the GIL (checked before the native call).</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static bool TryAllocateZeroed(long count, long elementSize, [NotNullWhen(true)] out PyMemBlock? block)
    {
        block = AllocateZeroedCore<MemDomain, PyMemBlock>(count, elementSize, throwOnNull: false);
        return block != null;
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        MemDomain.Release((void*)handle);
        Released<MemDomain>();
        return true;
    }

    private protected override bool ResizeCore(long newByteCount, bool throwOnNull) => ResizeIn<MemDomain>(newByteCount, throwOnNull);
}
