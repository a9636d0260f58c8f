namespace PyMemory;

/// <summary>Where the process's single interpreter is in its life, as PyMemory sees it.</summary>
public enum PythonRuntimeState
{
    /// <summary>PyMemory has not loaded Python yet.</summary>
    NotInitialized = 0,

    /// <summary>PyMemory initialized the interpreter and owns its finalization.</summary>
    Started = 1,

    /// <summary>Another host (pythonnet, a native application) had already initialized the interpreter; PyMemory
    /// attached to it and will never finalize it.</summary>
    Attached = 2,

    /// <summary><see cref="PythonRuntime.Shutdown"/> is finalizing the interpreter.</summary>
    ShuttingDown = 3,

    /// <summary>The interpreter PyMemory started was finalized; no SDK call touches Python any more.</summary>
    Finalized = 4,
}
