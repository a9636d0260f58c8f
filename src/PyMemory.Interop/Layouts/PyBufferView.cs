using System.Runtime.InteropServices;

namespace PyMemory.Interop.Layouts;

/// <summary><c>Py_buffer</c> (<c>struct bufferinfo</c>, <c>cpython/object.h</c> up to 3.11, <c>pybuffer.h</c> from
/// 3.12; the same 80 bytes on 64-bit in 3.8 to 3.14): what an exporter's <c>bf_getbuffer</c> fills in.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PyBufferView
{
    /// <summary><c>void *buf</c>: the first byte.</summary>
    public void* buf;

    /// <summary><c>PyObject *obj</c>: a new reference to the exporter, released by <c>PyBuffer_Release</c>; NULL after a
    /// failed request.</summary>
    public nint obj;

    /// <summary><c>Py_ssize_t len</c>: the size in bytes (product of the shape times <see cref="itemsize"/>).</summary>
    public nint len;

    /// <summary><c>Py_ssize_t itemsize</c>: the size of one element.</summary>
    public nint itemsize;

    /// <summary><c>int readonly</c>: 1 when the consumer must not write.</summary>
    public int @readonly;

    /// <summary><c>int ndim</c>: the number of dimensions.</summary>
    public int ndim;

    /// <summary><c>char *format</c>: a struct-module format string, or NULL (unsigned bytes).</summary>
    public byte* format;

    /// <summary><c>Py_ssize_t *shape</c>: <see cref="ndim"/> lengths, or NULL.</summary>
    public nint* shape;

    /// <summary><c>Py_ssize_t *strides</c>: <see cref="ndim"/> byte steps, or NULL (C-contiguous).</summary>
    public nint* strides;

    /// <summary><c>Py_ssize_t *suboffsets</c>: NULL for memory without indirections.</summary>
    public nint* suboffsets;

    /// <summary><c>void *internal</c>: the exporter's own.</summary>
    public void* @internal;
}
