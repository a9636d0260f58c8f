namespace PyMemory.Interop.Layouts;

/// <summary>The <c>PyBUF_*</c> request flags a consumer passes to <c>bf_getbuffer</c> (<c>cpython/object.h</c> up to
/// 3.11, <c>pybuffer.h</c> from 3.12; the same values in 3.8 to 3.14), under their C names, and the tests CPython's own
/// exporters make with them (<c>REQ_SHAPE</c> and friends in <c>memoryobject.c</c>).</summary>
internal static class PyBufferRequest
{
    /// <summary><c>PyBUF_WRITABLE</c>: the consumer needs to write.</summary>
    public const int PyBUF_WRITABLE = 0x0001;

    /// <summary><c>PyBUF_FORMAT</c>: the consumer wants <c>format</c> filled in.</summary>
    public const int PyBUF_FORMAT = 0x0004;

    /// <summary><c>PyBUF_ND</c>: the consumer wants <c>shape</c>.</summary>
    public const int PyBUF_ND = 0x0008;

    /// <summary><c>PyBUF_STRIDES</c>: the consumer wants <c>strides</c> (implies <see cref="PyBUF_ND"/>).</summary>
    public const int PyBUF_STRIDES = 0x0010 | PyBUF_ND;

    /// <summary><c>PyBUF_C_CONTIGUOUS</c>.</summary>
    public const int PyBUF_C_CONTIGUOUS = 0x0020 | PyBUF_STRIDES;

    /// <summary><c>PyBUF_F_CONTIGUOUS</c>.</summary>
    public const int PyBUF_F_CONTIGUOUS = 0x0040 | PyBUF_STRIDES;

    /// <summary><c>PyBUF_READ</c>: the read-only flag of <c>PyMemoryView_FromMemory</c>.</summary>
    public const int PyBUF_READ = 0x100;

    /// <summary><c>PyBUF_WRITE</c>: the writable flag of <c>PyMemoryView_FromMemory</c>.</summary>
    public const int PyBUF_WRITE = 0x200;

    /// <summary><c>REQ_SHAPE</c>: the request includes <see cref="PyBUF_ND"/>.</summary>
    /// <param name="flags">The request.</param>
    /// <returns>Whether shape must be filled in.</returns>
    public static bool WantsShape(int flags) => (flags & PyBUF_ND) == PyBUF_ND;

    /// <summary><c>REQ_STRIDES</c>: the request includes <see cref="PyBUF_STRIDES"/>.</summary>
    /// <param name="flags">The request.</param>
    /// <returns>Whether strides must be filled in.</returns>
    public static bool WantsStrides(int flags) => (flags & PyBUF_STRIDES) == PyBUF_STRIDES;

    /// <summary><c>REQ_F_CONTIGUOUS</c>: the consumer needs Fortran order.</summary>
    /// <param name="flags">The request.</param>
    /// <returns>Whether Fortran order is required.</returns>
    public static bool WantsFortranOrder(int flags) => (flags & PyBUF_F_CONTIGUOUS) == PyBUF_F_CONTIGUOUS;

    /// <summary><c>REQ_WRITABLE</c>.</summary>
    /// <param name="flags">The request.</param>
    /// <returns>Whether the consumer writes.</returns>
    public static bool WantsWritable(int flags) => (flags & PyBUF_WRITABLE) != 0;
}
