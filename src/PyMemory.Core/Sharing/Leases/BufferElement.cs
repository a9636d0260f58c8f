namespace PyMemory;

/// <summary>What one element of a leased buffer is, as its <c>struct</c> format says (<see cref="BufferFormat"/>):
/// the .NET types a typed Span may use are the ones whose <see cref="BufferFormat.ElementOf{T}"/> is the same.</summary>
internal enum BufferElement : byte
{
    /// <summary>No single .NET primitive: a composite or padded format (<c>"T{...}"</c>, <c>"2d"</c>, <c>"5s"</c>),
    /// <c>long double</c>, a pointer, or an item size that disagrees with the format.</summary>
    Other = 0,

    /// <summary>A number in the other byte order (<c>'&gt;'</c> or <c>'!'</c> on a little-endian machine).</summary>
    SwappedOrder,

    /// <summary><c>b</c>: <see cref="sbyte"/>.</summary>
    Int8,

    /// <summary><c>B</c> or <c>c</c>: <see cref="byte"/>.</summary>
    UInt8,

    /// <summary><c>?</c>: <see cref="bool"/>.</summary>
    Bool,

    /// <summary><c>h</c>: <see cref="short"/>.</summary>
    Int16,

    /// <summary><c>H</c>: <see cref="ushort"/>.</summary>
    UInt16,

    /// <summary><c>i</c>, or <c>l</c> with standard sizes: <see cref="int"/>.</summary>
    Int32,

    /// <summary><c>I</c>, or <c>L</c> with standard sizes: <see cref="uint"/>.</summary>
    UInt32,

    /// <summary><c>q</c>, <c>n</c>, or <c>l</c> with native sizes on LP64: <see cref="long"/> (and <see cref="nint"/> on 64-bit).</summary>
    Int64,

    /// <summary><c>Q</c>, <c>N</c>, or <c>L</c> with native sizes on LP64: <see cref="ulong"/> (and <see cref="nuint"/> on 64-bit).</summary>
    UInt64,

    /// <summary><c>e</c>: <see cref="Half"/>.</summary>
    Float16,

    /// <summary><c>f</c>: <see cref="float"/>.</summary>
    Float32,

    /// <summary><c>d</c>: <see cref="double"/>.</summary>
    Float64,

    /// <summary><c>Zd</c> (numpy's complex128): <see cref="System.Numerics.Complex"/>.</summary>
    Complex128,
}
