namespace PyMemory.Interop;

public unsafe partial class PythonApi
{
    /// <summary><c>void* PyMem_Malloc(size_t n)</c>. Requires the GIL.</summary>
    public delegate* unmanaged<nuint, void*> PyMem_Malloc { get; private set; }

    /// <summary><c>void* PyMem_Calloc(size_t nelem, size_t elsize)</c>. Requires the GIL.</summary>
    public delegate* unmanaged<nuint, nuint, void*> PyMem_Calloc { get; private set; }

    /// <summary><c>void* PyMem_Realloc(void *p, size_t n)</c>. Requires the GIL.</summary>
    public delegate* unmanaged<void*, nuint, void*> PyMem_Realloc { get; private set; }

    /// <summary><c>void PyMem_Free(void *p)</c>. Requires the GIL.</summary>
    public delegate* unmanaged<void*, void> PyMem_Free { get; private set; }

    private void BindMemory(Binder b)
    {
        PyMem_Malloc = (delegate* unmanaged<nuint, void*>)b.Required("PyMem_Malloc");
        PyMem_Calloc = (delegate* unmanaged<nuint, nuint, void*>)b.Required("PyMem_Calloc");
        PyMem_Realloc = (delegate* unmanaged<void*, nuint, void*>)b.Required("PyMem_Realloc");
        PyMem_Free = (delegate* unmanaged<void*, void>)b.Required("PyMem_Free");
    }
}
