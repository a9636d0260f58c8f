namespace PyMemory.Interop;

public unsafe partial class PythonApi
{
    /// <summary><c>PyObject* PyErr_Occurred(void)</c>: the pending exception's type (borrowed) or NULL.</summary>
    public delegate* unmanaged<nint> PyErr_Occurred { get; private set; }

    /// <summary><c>void PyErr_Fetch(PyObject **type, PyObject **value, PyObject **tb)</c>: takes and clears the pending error (new references).</summary>
    public delegate* unmanaged<nint*, nint*, nint*, void> PyErr_Fetch { get; private set; }

    /// <summary><c>void PyErr_NormalizeException(PyObject **type, PyObject **value, PyObject **tb)</c>.</summary>
    public delegate* unmanaged<nint*, nint*, nint*, void> PyErr_NormalizeException { get; private set; }

    /// <summary><c>void PyErr_Clear(void)</c>.</summary>
    public delegate* unmanaged<void> PyErr_Clear { get; private set; }

    /// <summary><c>PyObject* PyErr_NoMemory(void)</c>: sets MemoryError; returns NULL.</summary>
    public delegate* unmanaged<nint> PyErr_NoMemory { get; private set; }

    /// <summary><c>void PyErr_SetString(PyObject *type, const char *message)</c>.</summary>
    public delegate* unmanaged<nint, byte*, void> PyErr_SetString { get; private set; }

    /// <summary>The value of <c>PyExc_MemoryError</c>: the MemoryError type object.</summary>
    public nint PyExc_MemoryError { get; private set; }

    /// <summary>The value of <c>PyExc_RuntimeError</c>: the RuntimeError type object.</summary>
    public nint PyExc_RuntimeError { get; private set; }

    private void BindErrors(Binder b)
    {
        PyErr_Occurred = (delegate* unmanaged<nint>)b.Required("PyErr_Occurred");
        PyErr_Fetch = (delegate* unmanaged<nint*, nint*, nint*, void>)b.Required("PyErr_Fetch");
        PyErr_NormalizeException = (delegate* unmanaged<nint*, nint*, nint*, void>)b.Required("PyErr_NormalizeException");
        PyErr_Clear = (delegate* unmanaged<void>)b.Required("PyErr_Clear");
        PyErr_NoMemory = (delegate* unmanaged<nint>)b.Required("PyErr_NoMemory");
        PyErr_SetString = (delegate* unmanaged<nint, byte*, void>)b.Required("PyErr_SetString");
        PyExc_MemoryError = b.RequiredPointerValue("PyExc_MemoryError");
        PyExc_RuntimeError = b.RequiredPointerValue("PyExc_RuntimeError");
    }
}
