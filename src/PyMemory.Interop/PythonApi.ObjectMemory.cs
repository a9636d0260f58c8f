namespace PyMemory.Interop;

public unsafe partial class PythonApi
{
    /// <summary><c>void* PyObject_Malloc(size_t n)</c>. Requires the GIL.</summary>
    public delegate* unmanaged<nuint, void*> PyObject_Malloc { get; private set; }

    /// <summary><c>void* PyObject_Calloc(size_t nelem, size_t elsize)</c>. Requires the GIL.</summary>
    public delegate* unmanaged<nuint, nuint, void*> PyObject_Calloc { get; private set; }

    /// <summary><c>void* PyObject_Realloc(void *p, size_t n)</c>. Requires the GIL.</summary>
    public delegate* unmanaged<void*, nuint, void*> PyObject_Realloc { get; private set; }

    /// <summary><c>void PyObject_Free(void *p)</c>. Requires the GIL.</summary>
    public delegate* unmanaged<void*, void> PyObject_Free { get; private set; }

    private void BindObjectMemory(Binder b)
    {
        PyObject_Malloc = (delegate* unmanaged<nuint, void*>)b.Required("PyObject_Malloc");
        PyObject_Calloc = (delegate* unmanaged<nuint, nuint, void*>)b.Required("PyObject_Calloc");
        PyObject_Realloc = (delegate* unmanaged<void*, nuint, void*>)b.Required("PyObject_Realloc");
        PyObject_Free = (delegate* unmanaged<void*, void>)b.Required("PyObject_Free");
    }
}
