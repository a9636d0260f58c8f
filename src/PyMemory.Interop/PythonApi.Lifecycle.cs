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

    /// <summary><c>void Py_SetProgramName(const wchar_t*)</c>: the executable the interpreter takes as its own
    /// (<c>sys.executable</c>, and through it the prefix and a venv's <c>pyvenv.cfg</c>). The argument is a NUL-terminated wchar_t string (UTF-32 on Linux and macOS, UTF-16 on Windows). Call before
    /// <c>Py_InitializeEx</c>; CPython copies the string. Optional: deprecated in 3.11 and due to go in 3.15
    /// (check <see cref="Has"/>).</summary>
    public delegate* unmanaged<void*, void> Py_SetProgramName { get; private set; }

    /// <summary><c>void Py_SetPythonHome(const wchar_t*)</c>: as <c>PYTHONHOME</c>, the base install's prefix.
    /// Call before <c>Py_InitializeEx</c>; CPython copies the string. Optional like <see cref="Py_SetProgramName"/>.</summary>
    public delegate* unmanaged<void*, void> Py_SetPythonHome { get; private set; }

    private void BindLifecycle(Binder b)
    {
        Py_SetProgramName = (delegate* unmanaged<void*, void>)b.Optional("Py_SetProgramName");
        Py_SetPythonHome = (delegate* unmanaged<void*, void>)b.Optional("Py_SetPythonHome");
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
