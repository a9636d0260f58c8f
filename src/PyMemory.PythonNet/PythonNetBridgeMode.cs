namespace PyMemory.PythonNet;

/// <summary>How <see cref="PythonNetBridge.Initialize"/> started Python: whether pythonnet's engine runs on the
/// interpreter next to PyMemory.</summary>
public enum PythonNetBridgeMode
{
    /// <summary>The bridge has not started (or has shut down).</summary>
    NotInitialized = 0,

    /// <summary>PyMemory started (or attached to) the interpreter and the bridge started pythonnet's engine on it:
    /// pythonnet's object model and PyMemory's memory features work side by side. The bridge owns pythonnet's
    /// shutdown (<see cref="PythonNetBridge.Shutdown"/>).</summary>
    PythonNet = 1,

    /// <summary>pythonnet's engine was already initialized by the caller; PyMemory attached to its interpreter. The
    /// caller owns both shutdowns (pythonnet's first); the bridge only replaced pythonnet's exit handler.</summary>
    PythonNetStartedByCaller = 2,

    /// <summary>The loaded Python is one this pythonnet does not support (3.8 to 3.10 with pythonnet 3.2: it has no
    /// type layout for them), so only PyMemory runs; pythonnet's engine was not started and must not be.</summary>
    PyMemoryOnly = 3,
}
