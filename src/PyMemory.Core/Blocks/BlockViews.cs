using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace PyMemory;

/// <summary>Span views over a native block, shared by the SafeHandle blocks and the scoped owners so that both apply
/// exactly the same length and alignment rules.</summary>
internal static unsafe class BlockViews
{
    /// <exception cref="InvalidOperationException">The block is larger than a span can be.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Span<byte> Whole(nint pointer, long length)
    {
        if ((ulong)length > int.MaxValue)
        {
            ThrowTooLargeForSpan(length);
        }

        return new Span<byte>((void*)pointer, (int)length);
    }

    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the block.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Span<byte> Slice(nint pointer, long length, long offset, int count)
    {
        BlockSize.CheckRange(length, offset, count);
        return new Span<byte>((byte*)pointer + offset, count);
    }

    /// <exception cref="InvalidOperationException">The block's length is not a whole number of elements, holds more than
    /// int.MaxValue of them, or its address is not aligned for <typeparamref name="T"/>.</exception>
    public static Span<T> Typed<T>(nint pointer, long length)
        where T : unmanaged
    {
        long size = sizeof(T);
        if (length % size != 0)
        {
            throw new InvalidOperationException(
                $"The block's {length} bytes are not a whole number of {typeof(T).Name} elements ({size} bytes each); use AsSpan<T>(byteOffset, count).");
        }

        if (length / size > int.MaxValue)
        {
            throw new InvalidOperationException(
                $"The block holds {length / size} {typeof(T).Name} elements, more than a span can; use AsSpan<T>(byteOffset, count).");
        }

        int alignment = AlignmentOf<T>.Value;
        if (pointer % alignment != 0)
        {
            throw new InvalidOperationException(
                $"The block's address 0x{pointer:x} is not aligned to {alignment} bytes, as {typeof(T).Name} requires.");
        }

        return new Span<T>((void*)pointer, (int)(length / size));
    }

    /// <exception cref="ArgumentOutOfRangeException">The elements are not inside the block.</exception>
    /// <exception cref="ArgumentException">The address at <paramref name="byteOffset"/> is not aligned for
    /// <typeparamref name="T"/>.</exception>
    public static Span<T> Typed<T>(nint pointer, long length, long byteOffset, int count)
        where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        BlockSize.CheckRange(length, byteOffset, (long)count * sizeof(T));
        int alignment = AlignmentOf<T>.Value;
        nint address = pointer + (nint)byteOffset;
        if (address % alignment != 0)
        {
            throw new ArgumentException(
                $"The address at byte offset {byteOffset} is not aligned to {alignment} bytes, as {typeof(T).Name} requires.",
                nameof(byteOffset));
        }

        return new Span<T>((void*)address, count);
    }

    [DoesNotReturn]
    private static void ThrowTooLargeForSpan(long length) =>
        throw new InvalidOperationException(
            $"The block's {length} bytes exceed what one span can hold (int.MaxValue); use AsSpan(offset, length) for a window.");
}
