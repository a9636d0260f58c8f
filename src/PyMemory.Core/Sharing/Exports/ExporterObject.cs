using System.Runtime.InteropServices;

namespace PyMemory;

/// <summary>
/// The memory of one instance of the exporter type (<see cref="ExporterType"/>): the object head CPython owns, then
/// what <c>bf_getbuffer</c> hands out, fixed when the object is created, then (the variable-size part, allocated with
/// the object) <see cref="NDim"/> shape entries followed by <see cref="NDim"/> strides. Everything a request needs is
/// here, so <c>bf_getbuffer</c> reads no .NET object.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ExporterObject
{
    /// <summary><c>ob_refcnt</c> (CPython's).</summary>
    public nint RefCount;

    /// <summary><c>ob_type</c> (CPython's): the exporter type, which each instance holds a reference to.</summary>
    public nint Type;

    /// <summary><c>ob_size</c> (CPython's): the number of variable-size items, 2 × <see cref="NDim"/>.</summary>
    public nint Size;

    /// <summary>The <see cref="ExportKeepers"/> slot of what keeps the memory alive: the <see cref="NativeBlock"/> itself
    /// (pinned through its handle count) or a <see cref="PinnedMemory"/>. Zero before the export is complete and after
    /// deallocation began.</summary>
    public nint Pin;

    /// <summary>The first exported byte.</summary>
    public byte* Buffer;

    /// <summary>The number of exported bytes.</summary>
    public nint Length;

    /// <summary>The size of one element (1 for an untyped export).</summary>
    public nint ItemSize;

    /// <summary>1 for a read-only export.</summary>
    public int ReadOnly;

    /// <summary>The number of dimensions, 1 or more.</summary>
    public int NDim;

    /// <summary>The struct-module format of one element (static, never freed).</summary>
    public byte* Format;

    /// <summary>The number of <c>Py_buffer</c> views handed out and not yet released.</summary>
    public nint Views;

    /// <summary>The shape: <see cref="NDim"/> entries right after the fixed part.</summary>
    /// <param name="o">The object.</param>
    /// <returns>The first entry.</returns>
    public static nint* ShapeOf(ExporterObject* o) => (nint*)(o + 1);

    /// <summary>The strides: <see cref="NDim"/> entries after the shape.</summary>
    /// <param name="o">The object.</param>
    /// <returns>The first entry.</returns>
    public static nint* StridesOf(ExporterObject* o) => ShapeOf(o) + o->NDim;
}
