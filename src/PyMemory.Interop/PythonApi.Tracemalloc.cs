namespace PyMemory.Interop;

public unsafe partial class PythonApi
{
    /// <summary><c>int PyTraceMalloc_Track(unsigned int domain, uintptr_t ptr, size_t size)</c>:
    /// 0, -1 (out of memory) or -2 (tracemalloc not tracing). Callable without the GIL.</summary>
    public delegate* unmanaged<uint, nuint, nuint, int> PyTraceMalloc_Track { get; private set; }

    /// <summary><c>int PyTraceMalloc_Untrack(unsigned int domain, uintptr_t ptr)</c>: 0 or -2. Callable without the GIL.</summary>
    public delegate* unmanaged<uint, nuint, int> PyTraceMalloc_Untrack { get; private set; }

    private void BindTracemalloc(Binder b)
    {
        PyTraceMalloc_Track = (delegate* unmanaged<uint, nuint, nuint, int>)b.Required("PyTraceMalloc_Track");
        PyTraceMalloc_Untrack = (delegate* unmanaged<uint, nuint, int>)b.Required("PyTraceMalloc_Untrack");
    }
}
