namespace PyMemory.Interop.Layouts;

/// <summary>The tests an exporter's <c>bf_getbuffer</c> makes on a consumer's <see cref="PyBufferFlags"/> request, as
/// CPython's own exporters make them (<c>REQ_SHAPE</c> and friends in <c>memoryobject.c</c>).</summary>
internal static class PyBufferRequest
{
    /// <summary><c>REQ_SHAPE</c>: the request includes <see cref="PyBufferFlags.PyBUF_ND"/>.</summary>
    /// <param name="flags">The request.</param>
    /// <returns>Whether shape must be filled in.</returns>
    public static bool WantsShape(int flags) => (flags & PyBufferFlags.PyBUF_ND) == PyBufferFlags.PyBUF_ND;

    /// <summary><c>REQ_STRIDES</c>: the request includes <see cref="PyBufferFlags.PyBUF_STRIDES"/>.</summary>
    /// <param name="flags">The request.</param>
    /// <returns>Whether strides must be filled in.</returns>
    public static bool WantsStrides(int flags) => (flags & PyBufferFlags.PyBUF_STRIDES) == PyBufferFlags.PyBUF_STRIDES;

    /// <summary><c>REQ_F_CONTIGUOUS</c>: the consumer needs Fortran order.</summary>
    /// <param name="flags">The request.</param>
    /// <returns>Whether Fortran order is required.</returns>
    public static bool WantsFortranOrder(int flags) => (flags & PyBufferFlags.PyBUF_F_CONTIGUOUS) == PyBufferFlags.PyBUF_F_CONTIGUOUS;

    /// <summary><c>REQ_WRITABLE</c>.</summary>
    /// <param name="flags">The request.</param>
    /// <returns>Whether the consumer writes.</returns>
    public static bool WantsWritable(int flags) => (flags & PyBufferFlags.PyBUF_WRITABLE) != 0;

    /// <summary>Whether the consumer wants <c>format</c> filled in.</summary>
    /// <param name="flags">The request.</param>
    /// <returns>True for <see cref="PyBufferFlags.PyBUF_FORMAT"/>.</returns>
    public static bool WantsFormat(int flags) => (flags & PyBufferFlags.PyBUF_FORMAT) != 0;
}
