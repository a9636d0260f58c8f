using PyMemory.Interop;

namespace PyMemory;

/// <summary>
/// One use of a <see cref="PyObjectHandle"/>'s object by native calls, from <see cref="PyObjectHandle.Use"/> to
/// <see cref="Dispose"/>: the handle was checked (not disposed, not empty), the GIL was checked, and a SafeHandle
/// reference is held until <see cref="Dispose"/>, so a concurrent <c>Dispose</c> of the handle cannot release the
/// object in the middle of the calls. The one form of the DangerousAddRef / try / finally / DangerousRelease bracket:
/// <c>using HandleUse list = handle.Use("PyList_Size");</c>.
/// </summary>
/// <remarks>A <c>readonly ref struct</c>, so the bracket costs no allocation and cannot outlive the method that opened
/// it. When <see cref="PyObjectHandle.Use"/> throws, no reference was added and there is nothing to dispose.</remarks>
internal readonly ref struct HandleUse
{
    private readonly PyObjectHandle _handle;

    internal HandleUse(PyObjectHandle handle, PythonApi api, nint pointer)
    {
        _handle = handle;
        Api = api;
        Pointer = pointer;
    }

    /// <summary>The bound entry points (the GIL is held on this thread).</summary>
    public PythonApi Api { get; }

    /// <summary>The <c>PyObject*</c>, valid until <see cref="Dispose"/>.</summary>
    public nint Pointer { get; }

    /// <summary>Gives back the SafeHandle reference taken by <see cref="PyObjectHandle.Use"/>.</summary>
    public void Dispose() => _handle.DangerousRelease();
}
