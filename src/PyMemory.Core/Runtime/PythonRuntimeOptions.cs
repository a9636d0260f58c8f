using Microsoft.Extensions.Logging;

namespace PyMemory;

/// <summary>How <see cref="PythonRuntime.Initialize"/> finds and starts Python.</summary>
/// <remarks>Every property is settable, so that <c>IOptions</c> configure lambdas and configuration binding (a
/// "PyMemory" section: docs/hosting.md) can fill it. <see cref="PythonRuntime.Initialize"/> copies what it reads, so
/// changing the object afterwards changes nothing.</remarks>
public sealed class PythonRuntimeOptions
{
    /// <summary>An explicit libpython path (rule 1 of discovery). When set and unusable, initialization fails
    /// instead of choosing another Python. Null searches: PYTHONNET_PYDLL, pythonnet's Runtime.PythonDLL, an
    /// already loaded libpython, VIRTUAL_ENV, python3 on PATH, then well-known locations.</summary>
    public string? LibraryPath { get; set; }

    /// <summary>Where PyMemory logs: which library was chosen and why (every refused candidate at Debug), the
    /// interpreter's start, attach and shutdown, allocator hooks installed and removed, the tracker, limits and budgets
    /// (the events and their ids are listed in docs/hosting.md). Loggers are created from it once, when
    /// <see cref="PythonRuntime.Initialize"/> is given it, and used from then on; PyMemory never logs from inside an
    /// allocator or on the GIL's and blocks' fast paths. Null keeps the loggers already in use (none at first).
    /// <c>services.AddPyMemory()</c> (PyMemory.Hosting) sets the host's.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Whether Python handles signals as in the <c>python</c> executable: CPython's start-up signal setup
    /// (<c>Py_InitializeEx(1)</c>: SIGPIPE and SIGXFSZ ignored, among others) and, because CPython installs its SIGINT
    /// handler only while SIGINT is at its default and the .NET runtime already owns it, PyMemory then installs
    /// <c>signal.default_int_handler</c> for SIGINT itself, on the initializing thread. Ctrl+C and
    /// <c>_thread.interrupt_main()</c> then raise <c>KeyboardInterrupt</c> in Python code running on that thread; the
    /// .NET runtime no longer sees SIGINT (<c>Console.CancelKeyPress</c> and <c>PosixSignalRegistration</c> for SIGINT
    /// stop firing, and Ctrl+C while no Python code runs does nothing until Python next checks for signals). Off by
    /// default: in a .NET host, the host owns the signals. Applies only when PyMemory starts the interpreter (ignored when it
    /// attaches to one another host started); asked of an interpreter already running without it, <see cref="PythonRuntime.Initialize"/>
    /// throws rather than ignore it.</summary>
    public bool InstallSignalHandlers { get; set; }

    /// <summary>Installs CPython's memory debug hooks before the interpreter starts (as <c>PYTHONMALLOC=debug</c> does):
    /// guard bytes, fill patterns, wrong-domain and missing-GIL detection. They can only be installed before
    /// initialization: hooks installed later would reject every block allocated before them as corrupt.</summary>
    public bool EnableDebugHooks { get; set; }

    /// <summary>Allocators that replace CPython's outright in their domains, installed after libpython is loaded and
    /// before the interpreter starts: the only moment CPython allows a replacement (once running, only hooks that wrap
    /// the current allocator are allowed: <see cref="Allocators.PythonAllocators.Install"/>). Each is checked first
    /// (0-byte requests must return distinct non-NULL pointers) and must be thread-safe; with
    /// <see cref="EnableDebugHooks"/> the debug hooks are set up again on top. Null or empty replaces nothing.</summary>
    public IReadOnlyDictionary<MemoryDomain, Allocators.AllocatorFunctions>? ReplaceAllocators { get; set; }

    /// <summary>Starts the memory tracker with the interpreter, so that its figures are exact from the first block
    /// (<see cref="Tracking.MemoryTracker"/>): it is installed after libpython is loaded and <c>PYTHONMALLOC</c>, the debug
    /// hooks and <see cref="ReplaceAllocators"/> took effect, and before <c>Py_InitializeEx</c>. Null starts no tracker
    /// (<see cref="Tracking.MemoryTracker.Start"/> can still start one later). Passing it to a running interpreter throws.</summary>
    public Tracking.MemoryTrackingOptions? Tracking { get; set; }

    /// <summary>Creates PyMemory's meter (<see cref="Diagnostics.PyMemoryMetrics"/>) through this factory, so that it
    /// belongs to a dependency-injection container's metrics (<c>services.AddMetrics()</c>) and is disposed with it. The
    /// meter is created once per process, by the first initialization or attach: a factory given to a later call, once
    /// the meter exists, is not used. Null creates it with <c>new Meter("PyMemory")</c>; listeners such as
    /// dotnet-counters and OpenTelemetry see it either way.</summary>
    public System.Diagnostics.Metrics.IMeterFactory? MeterFactory { get; set; }

    /// <summary>The python executable the interpreter takes as its own (CPython's program name): <c>sys.executable</c>,
    /// and through it <c>sys.prefix</c>. Naming a venv's interpreter (<c>.venv/bin/python3.12</c>) makes that venv active
    /// as if activated: <c>sys.prefix</c> and <c>sys.exec_prefix</c> the venv, its site-packages on <c>sys.path</c>,
    /// <c>sys.base_prefix</c> the base install. Null lets discovery choose
    /// (<see cref="Interop.Loading.PythonLibraryResolution.Executable"/>: the venv's interpreter when a venv was found,
    /// else the loaded version's <c>bin/pythonX.Y</c>). Applies only when PyMemory starts the interpreter; asked of a
    /// running one, <see cref="PythonRuntime.Initialize"/> throws.</summary>
    public string? Executable { get; set; }

    /// <summary>The base install's prefix, as <c>PYTHONHOME</c> sets it (<c>prefix</c> or <c>prefix:exec_prefix</c>):
    /// where the standard library is searched. Rarely needed (the prefix follows from <see cref="Executable"/>); it must
    /// hold the loaded version's standard library (<c>lib/python3.X/os.py</c>), else
    /// <see cref="PythonRuntime.Initialize"/> throws instead of letting CPython abort the process. From 3.11 CPython
    /// skips venv detection when a home is set. Null sets none (<c>PYTHONHOME</c> from the environment still applies).
    /// Applies only when PyMemory starts the interpreter; asked of a running one, Initialize throws.</summary>
    public string? PythonHome { get; set; }

    /// <summary>Folders (or zip files) put at the front of <c>sys.path</c>, in the given order, right after the interpreter
    /// starts: before the standard library and site-packages, where <c>PYTHONPATH</c> entries go, so that they win over
    /// installed packages. Entries are used as given (a relative one is relative to the current folder at import
    /// time, as in Python); <c>.pth</c> files in them are not processed (call <c>site.addsitedir</c> for that). Null or
    /// empty adds nothing. Applies only when PyMemory starts the interpreter; asked of a running one, Initialize throws.</summary>
    public IReadOnlyList<string>? ExtraSysPath { get; set; }

    /// <summary>A copy that later changes to this object (or to the dictionary and tracking options it holds) do not
    /// reach.</summary>
    internal PythonRuntimeOptions Copy() => new()
    {
        LibraryPath = LibraryPath,
        LoggerFactory = LoggerFactory,
        InstallSignalHandlers = InstallSignalHandlers,
        EnableDebugHooks = EnableDebugHooks,
        ReplaceAllocators = ReplaceAllocators is { Count: > 0 } replace ? new Dictionary<MemoryDomain, Allocators.AllocatorFunctions>(replace) : null,
        Tracking = Tracking?.Copy(),
        MeterFactory = MeterFactory,
        Executable = Executable,
        PythonHome = PythonHome,
        ExtraSysPath = ExtraSysPath is { Count: > 0 } paths ? [.. paths] : null,
    };
}
