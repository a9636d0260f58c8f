namespace PyMemory.Interop;

public unsafe partial class PythonApi
{
    /// <summary><c>void* PyMem_RawMalloc(size_t n)</c>. No GIL needed.</summary>
    public delegate* unmanaged<nuint, void*> PyMem_RawMalloc { get; private set; }

    /// <summary><c>void* PyMem_RawCalloc(size_t nelem, size_t elsize)</c>. No GIL needed.</summary>
    public delegate* unmanaged<nuint, nuint, void*> PyMem_RawCalloc { get; private set; }

    /// <summary><c>void* PyMem_RawRealloc(void *p, size_t n)</c>. No GIL needed.</summary>
    public delegate* unmanaged<void*, nuint, void*> PyMem_RawRealloc { get; private set; }

    /// <summary><c>void PyMem_RawFree(void *p)</c>. No GIL needed.</summary>
    public delegate* unmanaged<void*, void> PyMem_RawFree { get; private set; }

    private void BindRawMemory(Binder b)
    {
        PyMem_RawMalloc = (delegate* unmanaged<nuint, void*>)b.Required("PyMem_RawMalloc");
        PyMem_RawCalloc = (delegate* unmanaged<nuint, nuint, void*>)b.Required("PyMem_RawCalloc");
        PyMem_RawRealloc = (delegate* unmanaged<void*, nuint, void*>)b.Required("PyMem_RawRealloc");
        PyMem_RawFree = (delegate* unmanaged<void*, void>)b.Required("PyMem_RawFree");
    }
}
