namespace PyMemory;

/// <summary>How <see cref="PythonRuntime.Initialize"/> finds and starts Python.</summary>
public sealed class PythonRuntimeOptions
{
    /// <summary>An explicit libpython path (rule 1 of discovery). When set and unusable, initialization fails
    /// instead of choosing another Python. Null searches: PYTHONNET_PYDLL, pythonnet's Runtime.PythonDLL, an
    /// already loaded libpython, VIRTUAL_ENV, python3 on PATH, then well-known locations.</summary>
    public string? LibraryPath { get; init; }

    /// <summary>Receives one line saying which library was chosen and why. Null logs nothing.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Whether CPython installs its signal handlers (SIGINT to KeyboardInterrupt). Off by default: in a
    /// .NET host, the host owns the signals.</summary>
    public bool InstallSignalHandlers { get; init; }

    /// <summary>Installs CPython's memory debug hooks before the interpreter starts (as <c>PYTHONMALLOC=debug</c> does):
    /// guard bytes, fill patterns, wrong-domain and missing-GIL detection. They can only be installed before
    /// initialization: hooks installed later would reject every block allocated before them as corrupt.</summary>
    public bool EnableDebugHooks { get; init; }
}
