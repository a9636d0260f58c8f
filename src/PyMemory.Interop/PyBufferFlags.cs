namespace PyMemory.Interop;

/// <summary>
/// The request flags of <see cref="PythonApi.PyObject_GetBuffer"/> (<c>PyBUF_*</c>, <c>pybuffer.h</c>), under their C
/// names and with their C values; the same in 3.8 to 3.14. A consumer asks for what it can handle: an exporter that
/// cannot provide it fails with BufferError (a writable request of a read-only exporter, a contiguous request of a
/// strided one).
/// </summary>
public static class PyBufferFlags
{
    /// <summary><c>PyBUF_SIMPLE</c>: read-only bytes, contiguous, no format, shape or strides.</summary>
    public const int PyBUF_SIMPLE = 0;

    /// <summary><c>PyBUF_WRITABLE</c>: the memory must be writable.</summary>
    public const int PyBUF_WRITABLE = 0x0001;

    /// <summary><c>PyBUF_FORMAT</c>: fill <see cref="Py_buffer.format"/>.</summary>
    public const int PyBUF_FORMAT = 0x0004;

    /// <summary><c>PyBUF_ND</c>: fill <see cref="Py_buffer.shape"/>.</summary>
    public const int PyBUF_ND = 0x0008;

    /// <summary><c>PyBUF_STRIDES</c>: fill <see cref="Py_buffer.strides"/> (implies <see cref="PyBUF_ND"/>); the
    /// consumer accepts non-contiguous memory.</summary>
    public const int PyBUF_STRIDES = 0x0010 | PyBUF_ND;

    /// <summary><c>PyBUF_C_CONTIGUOUS</c>: strides, and the memory must be C-contiguous.</summary>
    public const int PyBUF_C_CONTIGUOUS = 0x0020 | PyBUF_STRIDES;

    /// <summary><c>PyBUF_F_CONTIGUOUS</c>: strides, and the memory must be Fortran-contiguous.</summary>
    public const int PyBUF_F_CONTIGUOUS = 0x0040 | PyBUF_STRIDES;

    /// <summary><c>PyBUF_ANY_CONTIGUOUS</c>: strides, and the memory must be C- or Fortran-contiguous.</summary>
    public const int PyBUF_ANY_CONTIGUOUS = 0x0080 | PyBUF_STRIDES;

    /// <summary><c>PyBUF_INDIRECT</c>: strides and suboffsets (PIL-style arrays of pointers).</summary>
    public const int PyBUF_INDIRECT = 0x0100 | PyBUF_STRIDES;

    /// <summary><c>PyBUF_CONTIG</c>: shape, writable, contiguous.</summary>
    public const int PyBUF_CONTIG = PyBUF_ND | PyBUF_WRITABLE;

    /// <summary><c>PyBUF_CONTIG_RO</c>: shape, contiguous.</summary>
    public const int PyBUF_CONTIG_RO = PyBUF_ND;

    /// <summary><c>PyBUF_STRIDED</c>: strides, writable.</summary>
    public const int PyBUF_STRIDED = PyBUF_STRIDES | PyBUF_WRITABLE;

    /// <summary><c>PyBUF_STRIDED_RO</c>: strides.</summary>
    public const int PyBUF_STRIDED_RO = PyBUF_STRIDES;

    /// <summary><c>PyBUF_RECORDS</c>: strides and format, writable.</summary>
    public const int PyBUF_RECORDS = PyBUF_STRIDES | PyBUF_WRITABLE | PyBUF_FORMAT;

    /// <summary><c>PyBUF_RECORDS_RO</c>: strides and format.</summary>
    public const int PyBUF_RECORDS_RO = PyBUF_STRIDES | PyBUF_FORMAT;

    /// <summary><c>PyBUF_FULL</c>: suboffsets and format, writable.</summary>
    public const int PyBUF_FULL = PyBUF_INDIRECT | PyBUF_WRITABLE | PyBUF_FORMAT;

    /// <summary><c>PyBUF_FULL_RO</c>: suboffsets and format.</summary>
    public const int PyBUF_FULL_RO = PyBUF_INDIRECT | PyBUF_FORMAT;

    /// <summary><c>PyBUF_READ</c>: the <c>flags</c> of <c>PyMemoryView_FromMemory</c> for a read-only view.</summary>
    public const int PyBUF_READ = 0x100;

    /// <summary><c>PyBUF_WRITE</c>: the <c>flags</c> of <c>PyMemoryView_FromMemory</c> for a writable view.</summary>
    public const int PyBUF_WRITE = 0x200;
}
