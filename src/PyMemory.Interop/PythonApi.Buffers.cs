namespace PyMemory.Interop;

public unsafe partial class PythonApi
{
    /// <summary><c>int PyObject_GetBuffer(PyObject *exporter, Py_buffer *view, int flags)</c>: fills <c>view</c> as
    /// <c>flags</c> (<see cref="PyBufferFlags"/>) ask; 0, or -1 with an error set (TypeError: not a buffer; BufferError:
    /// the request cannot be met). The GIL is required.</summary>
    public delegate* unmanaged<nint, Py_buffer*, int, int> PyObject_GetBuffer { get; private set; }

    /// <summary><c>void PyBuffer_Release(Py_buffer *view)</c>: ends the export and releases <c>view->obj</c> (then
    /// NULL); once per successful <see cref="PyObject_GetBuffer"/>. The GIL is required.</summary>
    public delegate* unmanaged<Py_buffer*, void> PyBuffer_Release { get; private set; }

    /// <summary><c>PyObject* PyByteArray_FromStringAndSize(const char *string, Py_ssize_t len)</c>: new reference
    /// (copies <c>len</c> bytes; NULL <c>string</c> leaves them uninitialized).</summary>
    public delegate* unmanaged<byte*, nint, nint> PyByteArray_FromStringAndSize { get; private set; }

    /// <summary><c>char* PyByteArray_AsString(PyObject *bytearray)</c>: the bytearray's storage (moves when it is
    /// resized).</summary>
    public delegate* unmanaged<nint, byte*> PyByteArray_AsString { get; private set; }

    /// <summary><c>Py_ssize_t PyByteArray_Size(PyObject *bytearray)</c>.</summary>
    public delegate* unmanaged<nint, nint> PyByteArray_Size { get; private set; }

    /// <summary>Address of <c>PyByteArray_Type</c>.</summary>
    public nint PyByteArray_Type { get; private set; }

    private void BindBuffers(Binder b)
    {
        PyObject_GetBuffer = (delegate* unmanaged<nint, Py_buffer*, int, int>)b.Required("PyObject_GetBuffer");
        PyBuffer_Release = (delegate* unmanaged<Py_buffer*, void>)b.Required("PyBuffer_Release");
        PyByteArray_FromStringAndSize = (delegate* unmanaged<byte*, nint, nint>)b.Required("PyByteArray_FromStringAndSize");
        PyByteArray_AsString = (delegate* unmanaged<nint, byte*>)b.Required("PyByteArray_AsString");
        PyByteArray_Size = (delegate* unmanaged<nint, nint>)b.Required("PyByteArray_Size");
        PyByteArray_Type = b.Required("PyByteArray_Type");
    }
}
