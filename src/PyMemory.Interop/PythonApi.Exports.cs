namespace PyMemory.Interop;

public unsafe partial class PythonApi
{
    /// <summary><c>PyObject* PyType_FromSpec(PyType_Spec *spec)</c>: a new heap type (new reference) built from a
    /// <c>PyType_Spec</c> (laid out as the internal <c>Layouts.PyTypeSpec</c>), or NULL with an error set. On 3.8 the buffer slots
    /// (<c>Py_bf_getbuffer</c>, <c>Py_bf_releasebuffer</c>) must not be passed: they are disabled there (bpo-40724
    /// enabled them in 3.9); set them through the type's own <c>tp_as_buffer</c> instead
    /// (the internal <c>Layouts.PyHeapTypeBufferLayout</c>).</summary>
    public delegate* unmanaged<void*, nint> PyType_FromSpec { get; private set; }

    /// <summary><c>PyObject* PyMemoryView_FromMemory(char *mem, Py_ssize_t size, int flags)</c>: a memoryview over
    /// memory the caller keeps alive (new reference); flags <c>PyBUF_READ</c> (0x100) or <c>PyBUF_WRITE</c> (0x200).</summary>
    public delegate* unmanaged<byte*, nint, int, nint> PyMemoryView_FromMemory { get; private set; }

    /// <summary>The value of <c>PyExc_BufferError</c>: the BufferError type object.</summary>
    public nint PyExc_BufferError { get; private set; }

    private void BindExports(Binder b)
    {
        PyType_FromSpec = (delegate* unmanaged<void*, nint>)b.Required("PyType_FromSpec");
        PyMemoryView_FromMemory = (delegate* unmanaged<byte*, nint, int, nint>)b.Required("PyMemoryView_FromMemory");
        PyExc_BufferError = b.RequiredPointerValue("PyExc_BufferError");
    }
}
