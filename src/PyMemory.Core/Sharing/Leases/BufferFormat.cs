using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PyMemory;

/// <summary>
/// Reads a buffer's <c>struct</c>-module format string (PEP 3118) as one <see cref="BufferElement"/>, and names the
/// element a .NET type stands for, so that a typed Span over a lease is allowed only when both agree.
/// </summary>
/// <remarks>
/// The byte-order prefixes: none or <c>'@'</c> (native order, native sizes: <c>l</c> is C's <c>long</c>, 8 bytes on
/// 64-bit Linux and macOS, 4 on Windows), <c>'='</c> and <c>'&lt;'</c> (standard sizes: <c>l</c> is 4 bytes; native
/// order on a little-endian machine), <c>'&gt;'</c> and <c>'!'</c> (big-endian). <c>n</c> and <c>N</c> exist only with
/// native sizes. The item size the exporter reports must equal the element's size, or the format is not trusted.
/// </remarks>
internal static unsafe class BufferFormat
{
    /// <summary>The element <paramref name="format"/> (NULL means <c>"B"</c>) describes, given the exporter's
    /// <paramref name="itemSize"/>.</summary>
    public static BufferElement Parse(byte* format, nint itemSize)
    {
        ReadOnlySpan<byte> text = format == null ? "B"u8 : MemoryMarshal.CreateReadOnlySpanFromNullTerminated(format);
        bool standardSizes = false;
        if (text.Length > 0 && text[0] is (byte)'@' or (byte)'=' or (byte)'<' or (byte)'>' or (byte)'!')
        {
            bool bigEndian = text[0] is (byte)'>' or (byte)'!';
            standardSizes = text[0] != (byte)'@';
            text = text[1..];
            if (bigEndian == BitConverter.IsLittleEndian && IsMultiByteNumber(text))
            {
                return BufferElement.SwappedOrder;
            }
        }

        (BufferElement element, int size) = text switch
        {
            [(byte)'b'] => (BufferElement.Int8, 1),
            [(byte)'B'] or [(byte)'c'] => (BufferElement.UInt8, 1),
            [(byte)'?'] => (BufferElement.Bool, 1),
            [(byte)'h'] => (BufferElement.Int16, 2),
            [(byte)'H'] => (BufferElement.UInt16, 2),
            [(byte)'i'] => (BufferElement.Int32, 4),
            [(byte)'I'] => (BufferElement.UInt32, 4),
            [(byte)'l'] => standardSizes || sizeof(CLong) == 4 ? (BufferElement.Int32, 4) : (BufferElement.Int64, 8),
            [(byte)'L'] => standardSizes || sizeof(CLong) == 4 ? (BufferElement.UInt32, 4) : (BufferElement.UInt64, 8),
            [(byte)'q'] => (BufferElement.Int64, 8),
            [(byte)'Q'] => (BufferElement.UInt64, 8),
            [(byte)'n'] when !standardSizes => Native(signed: true),
            [(byte)'N'] when !standardSizes => Native(signed: false),
            [(byte)'e'] => (BufferElement.Float16, 2),
            [(byte)'f'] => (BufferElement.Float32, 4),
            [(byte)'d'] => (BufferElement.Float64, 8),
            [(byte)'Z', (byte)'d'] => (BufferElement.Complex128, 16),
            _ => (BufferElement.Other, 0),
        };

        return size == itemSize ? element : BufferElement.Other;
    }

    /// <summary>The element <typeparamref name="T"/> stands for (<see cref="BufferElement.Other"/>: none, so no typed
    /// Span of it is allowed); folded to a constant by the JIT.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BufferElement ElementOf<T>()
        where T : unmanaged
    {
        if (typeof(T) == typeof(byte)) return BufferElement.UInt8;
        if (typeof(T) == typeof(sbyte)) return BufferElement.Int8;
        if (typeof(T) == typeof(bool)) return BufferElement.Bool;
        if (typeof(T) == typeof(short)) return BufferElement.Int16;
        if (typeof(T) == typeof(ushort)) return BufferElement.UInt16;
        if (typeof(T) == typeof(int)) return BufferElement.Int32;
        if (typeof(T) == typeof(uint)) return BufferElement.UInt32;
        if (typeof(T) == typeof(long)) return BufferElement.Int64;
        if (typeof(T) == typeof(ulong)) return BufferElement.UInt64;
        if (typeof(T) == typeof(nint)) return sizeof(nint) == 8 ? BufferElement.Int64 : BufferElement.Int32;
        if (typeof(T) == typeof(nuint)) return sizeof(nuint) == 8 ? BufferElement.UInt64 : BufferElement.UInt32;
        if (typeof(T) == typeof(Half)) return BufferElement.Float16;
        if (typeof(T) == typeof(float)) return BufferElement.Float32;
        if (typeof(T) == typeof(double)) return BufferElement.Float64;
        if (typeof(T) == typeof(Complex)) return BufferElement.Complex128;
        return BufferElement.Other;
    }

    /// <summary>The .NET type a typed Span of <paramref name="element"/> takes, for messages.</summary>
    public static string DotNetName(BufferElement element) => element switch
    {
        BufferElement.Int8 => "sbyte",
        BufferElement.UInt8 => "byte",
        BufferElement.Bool => "bool",
        BufferElement.Int16 => "short",
        BufferElement.UInt16 => "ushort",
        BufferElement.Int32 => "int",
        BufferElement.UInt32 => "uint",
        BufferElement.Int64 => "long",
        BufferElement.UInt64 => "ulong",
        BufferElement.Float16 => "Half",
        BufferElement.Float32 => "float",
        BufferElement.Float64 => "double",
        BufferElement.Complex128 => "Complex",
        _ => "none",
    };

    private static (BufferElement Element, int Size) Native(bool signed) => sizeof(nint) == 8
        ? (signed ? BufferElement.Int64 : BufferElement.UInt64, 8)
        : (signed ? BufferElement.Int32 : BufferElement.UInt32, 4);

    // One byte needs no swapping, so '>B' is as good as 'B'.
    private static bool IsMultiByteNumber(ReadOnlySpan<byte> text) => text is not ([(byte)'b'] or [(byte)'B'] or [(byte)'c'] or [(byte)'?']);
}
