using System.Runtime.InteropServices;

namespace PyMemory.Interop;

/// <summary>
/// CPython's <c>Py_buffer</c> (<c>pybuffer.h</c>; <c>object.h</c> before 3.11): one export of a buffer, filled by
/// <see cref="PythonApi.PyObject_GetBuffer"/> and given back with <see cref="PythonApi.PyBuffer_Release"/>. The layout
/// is identical in 3.8 to 3.14 (80 bytes on 64-bit platforms).
/// </summary>
/// <remarks>Exporters may point <see cref="shape"/> and <see cref="strides"/> into the struct itself
/// (<c>PyBuffer_FillInfo</c> sets <c>shape = &amp;len</c>, <c>strides = &amp;itemsize</c>), so a filled
/// <c>Py_buffer</c> must stay at the address it was filled at until it is released: never copy one and use the copy.</remarks>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct Py_buffer
{
    /// <summary><c>void *buf</c>: the start of the memory (for a non-contiguous buffer, of the first element in
    /// logical order, which need not be its lowest address).</summary>
    public void* buf;

    /// <summary><c>PyObject *obj</c>: a new reference to the exporter, released by <c>PyBuffer_Release</c>.</summary>
    public nint obj;

    /// <summary><c>Py_ssize_t len</c>: <c>product(shape) * itemsize</c> bytes (for a contiguous buffer, its size).</summary>
    public nint len;

    /// <summary><c>Py_ssize_t itemsize</c>: the size of one element in bytes.</summary>
    public nint itemsize;

    /// <summary><c>int readonly</c>: non-zero when the memory must not be written.</summary>
    public int @readonly;

    /// <summary><c>int ndim</c>: the number of dimensions (0 for a scalar).</summary>
    public int ndim;

    /// <summary><c>char *format</c>: a <c>struct</c>-module format string for one element, or NULL (meaning
    /// <c>"B"</c>) when <see cref="PyBufferFlags.PyBUF_FORMAT"/> was not requested.</summary>
    public byte* format;

    /// <summary><c>Py_ssize_t *shape</c>: <see cref="ndim"/> lengths, or NULL when <see cref="PyBufferFlags.PyBUF_ND"/>
    /// was not requested.</summary>
    public nint* shape;

    /// <summary><c>Py_ssize_t *strides</c>: <see cref="ndim"/> byte steps (possibly negative), or NULL for a
    /// C-contiguous buffer when <see cref="PyBufferFlags.PyBUF_STRIDES"/> was not requested.</summary>
    public nint* strides;

    /// <summary><c>Py_ssize_t *suboffsets</c>: PIL-style indirection, or NULL (always NULL unless
    /// <see cref="PyBufferFlags.PyBUF_INDIRECT"/> was requested).</summary>
    public nint* suboffsets;

    /// <summary><c>void *internal</c>: the exporter's own data; never read by consumers.</summary>
    public void* @internal;
}
