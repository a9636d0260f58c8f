namespace PyMemory.Interop;

public unsafe partial class PythonApi
{
    /// <summary><c>const char* Py_GetVersion(void)</c>. Callable before initialization.</summary>
    public delegate* unmanaged<byte*> Py_GetVersion { get; private set; }

    /// <summary><c>int Py_IsInitialized(void)</c>. Callable without the GIL.</summary>
    public delegate* unmanaged<int> Py_IsInitialized { get; private set; }

    /// <summary><c>void Py_InitializeEx(int initsigs)</c>: leaves the GIL held by the calling thread.</summary>
    public delegate* unmanaged<int, void> Py_InitializeEx { get; private set; }

    /// <summary><c>int Py_FinalizeEx(void)</c>: requires the GIL; 0 on success.</summary>
    public delegate* unmanaged<int> Py_FinalizeEx { get; private set; }

    /// <summary><c>int Py_IsFinalizing(void)</c> (3.13; <c>_Py_IsFinalizing</c> before).</summary>
    public delegate* unmanaged<int> Py_IsFinalizing { get; private set; }

    /// <summary><c>int PyRun_SimpleStringFlags(const char*, PyCompilerFlags*)</c>: runs statements in <c>__main__</c>;
    /// 0 on success, -1 after printing the exception (which is cleared). Requires the GIL.</summary>
    public delegate* unmanaged<byte*, void*, int> PyRun_SimpleStringFlags { get; private set; }

    /// <summary><c>PyStatus Py_PreInitialize(const PyPreConfig*)</c> (3.8+): reads the environment (PYTHONMALLOC
    /// among it) and sets the allocators up, without starting the interpreter; <c>Py_InitializeEx</c> then skips that
    /// step.</summary>
    public delegate* unmanaged<PyPreConfig*, PyStatus> Py_PreInitialize { get; private set; }

    private void BindLifecycle(Binder b)
    {
        Py_PreInitialize = (delegate* unmanaged<PyPreConfig*, PyStatus>)b.Required("Py_PreInitialize");
        Py_GetVersion = (delegate* unmanaged<byte*>)b.Required("Py_GetVersion");
        Py_IsInitialized = (delegate* unmanaged<int>)b.Required("Py_IsInitialized");
        Py_InitializeEx = (delegate* unmanaged<int, void>)b.Required("Py_InitializeEx");
        Py_FinalizeEx = (delegate* unmanaged<int>)b.Required("Py_FinalizeEx");
        PyRun_SimpleStringFlags = (delegate* unmanaged<byte*, void*, int>)b.Required("PyRun_SimpleStringFlags");
        nint finalizing = b.Optional("Py_IsFinalizing", "_Py_IsFinalizing");
        Py_IsFinalizing = finalizing != 0 ? (delegate* unmanaged<int>)finalizing : (delegate* unmanaged<int>)b.Required("Py_IsFinalizing");
    }
}
