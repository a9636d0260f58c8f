using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace PyMemory;

/// <summary>Size checks that run before any native call.</summary>
internal static class BlockSize
{
    /// <summary>PY_SSIZE_T_MAX: CPython returns NULL for anything larger, so PyMemory refuses it up front.</summary>
    public static readonly long Max = nint.MaxValue;

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="byteCount"/> is negative or above PY_SSIZE_T_MAX.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Check(long byteCount, string paramName)
    {
        // One unsigned compare covers both the negative and the too-large case.
        if ((ulong)byteCount > (ulong)Max)
        {
            ThrowSize(byteCount, paramName);
        }
    }

    /// <summary>The byte size of <paramref name="count"/> elements of <paramref name="elementSize"/> bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Either is negative, or the product overflows or exceeds PY_SSIZE_T_MAX.</exception>
    public static long Product(long count, long elementSize)
    {
        Check(count, nameof(count));
        Check(elementSize, nameof(elementSize));
        if (count != 0 && elementSize > Max / count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(elementSize),
                $"{count} elements of {elementSize} bytes exceed PY_SSIZE_T_MAX ({Max} bytes).");
        }

        return count * elementSize;
    }

    /// <summary>Checks that [offset, offset + count) lies inside a block of <paramref name="length"/> bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It does not.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckRange(long length, long offset, long count)
    {
        if ((ulong)offset > (ulong)length || (ulong)count > (ulong)(length - offset))
        {
            ThrowRange(length, offset, count);
        }
    }

    [DoesNotReturn]
    private static void ThrowSize(long byteCount, string paramName) =>
        throw new ArgumentOutOfRangeException(
            paramName,
            byteCount,
            byteCount < 0 ? "A block size cannot be negative." : $"A block size cannot exceed PY_SSIZE_T_MAX ({Max} bytes).");

    [DoesNotReturn]
    private static void ThrowRange(long length, long offset, long count) =>
        throw new ArgumentOutOfRangeException(
            offset < 0 || offset > length ? "offset" : "length",
            $"The range at offset {offset} of {count} bytes is not inside the block of {length} bytes.");
}
