using System.Runtime.InteropServices;
using PyMemory.Interop;
using PyMemory.Interop.Loading;

namespace PyMemory;

/// <summary>
/// The process's one CPython interpreter as PyMemory uses it: finding and loading libpython, starting the
/// interpreter or attaching to one that is already running, and finalizing it only if PyMemory started it.
/// </summary>
/// <remarks>
/// Every SDK entry point initializes on first use with default options, so calling <see cref="Initialize"/> is only
/// needed to choose options. Initialization is thread-safe and idempotent. After <see cref="Initialize"/> starts the
/// interpreter it releases the GIL, so any thread can take it through <see cref="GilScope"/>.
/// </remarks>
public static unsafe class PythonRuntime
{
    private static readonly Lock Gate = new();
    private static volatile PythonApi? s_liveApi;
    private static volatile PythonRuntimeState s_state;
    private static PythonLibraryResolution? s_resolution;
    private static string? s_requestedPath;
    private static PythonRuntimeOptions? s_startOptions;
    private static int s_initializingThreadId;

    /// <summary>Where the interpreter is in its life.</summary>
    public static PythonRuntimeState State => s_state;

    /// <summary>True when PyMemory can call into Python (started or attached, not finalized).</summary>
    public static bool IsRunning => s_liveApi != null;

    /// <summary>The loaded library, its version and how it was found.</summary>
    /// <exception cref="PythonLibraryLoadException">Python could not be found or loaded.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static PythonLibraryResolution Library
    {
        get
        {
            _ = Api;
            return s_resolution!;
        }
    }

    /// <summary>The exact version of the loaded Python.</summary>
    /// <exception cref="PythonLibraryLoadException">Python could not be found or loaded.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static PythonVersion Version => Api.Version;

    /// <summary>Owners released without the GIL (on the finalizer thread, say) that wait to be freed the next time
    /// PyMemory holds the GIL.</summary>
    public static int PendingReleaseCount => PendingReleases.Count;

    /// <summary>The bound native API; initializes with default options on first use.</summary>
    internal static PythonApi Api => s_liveApi ?? InitializeSlow(null);

    /// <summary>
    /// Loads Python and starts the interpreter, or attaches to the one already running in this process. Calling it
    /// again (from any thread, at the same time or later) returns at once.
    /// </summary>
    /// <param name="options">Where to find Python and how to start it; null for the defaults.</param>
    /// <exception cref="PythonLibraryLoadException">No usable CPython was found; the message lists every candidate.</exception>
    /// <exception cref="InvalidOperationException">Python is already initialized (by PyMemory or another host in this
    /// process) from a different library than the one chosen, or <see cref="PythonRuntimeOptions.EnableDebugHooks"/> or
    /// <see cref="PythonRuntimeOptions.ReplaceAllocators"/> was asked of an interpreter another host started, or
    /// PYTHONMALLOC is set together with <see cref="PythonRuntimeOptions.ReplaceAllocators"/>.</exception>
    /// <exception cref="ArgumentException">A replacement allocator is incomplete or does not return distinct non-NULL
    /// pointers for 0-byte requests.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized; it cannot be restarted.</exception>
    public static void Initialize(PythonRuntimeOptions? options = null) => InitializeSlow(options);

    /// <summary>
    /// Finalizes the interpreter if PyMemory started it. Every SDK call afterwards throws
    /// <see cref="InterpreterFinalizedException"/>, and handles still alive are leaked on purpose instead of
    /// touching a finalized interpreter. An interpreter PyMemory attached to is never finalized.
    /// Call it from the thread that initialized Python, with no other thread using Python.
    /// </summary>
    /// <remarks>Initialization on first use happens on whichever thread first needs Python; to be able to shut down,
    /// call <see cref="Initialize"/> explicitly on the thread that will call Shutdown.</remarks>
    /// <returns>True when this call finalized the interpreter; false when PyMemory did not start it (attached, not
    /// initialized) or it was already finalized.</returns>
    /// <exception cref="InvalidOperationException">The calling thread is inside a <see cref="GilScope"/>, or is not the
    /// thread that initialized Python (CPython's threading shutdown would wait forever there).</exception>
    public static bool Shutdown()
    {
        lock (Gate)
        {
            if (s_state != PythonRuntimeState.Started)
            {
                return false;
            }

            if (Environment.CurrentManagedThreadId != s_initializingThreadId)
            {
                // CPython's threading shutdown only completes on the thread that started the interpreter (from 3.9 it
                // waits forever elsewhere): refuse instead of hanging.
                throw new InvalidOperationException(
                    $"PythonRuntime.Shutdown must be called on the thread that initialized Python (managed thread {s_initializingThreadId}), not on thread {Environment.CurrentManagedThreadId}. Initialize explicitly on the thread that will shut down (for example Main), or do not shut down.");
            }

            ThreadGilState thread = ThreadGilState.Current;
            if (thread.Depth > 0)
            {
                throw new InvalidOperationException("PythonRuntime.Shutdown cannot run inside a GilScope; dispose the scope first.");
            }

            PythonApi api = s_liveApi!;
            s_state = PythonRuntimeState.ShuttingDown;
            s_liveApi = null; // from here on, new SDK calls fail instead of racing the finalization
            if (api.PyGILState_Check() != 0)
            {
                // Another host's PyGILState_Ensure holds the GIL on this thread: taking it again would deadlock.
            }
            else if (thread.ThreadState != 0)
            {
                api.PyEval_RestoreThread(thread.ThreadState);
            }
            else
            {
                _ = api.PyGILState_Ensure();
            }

            PendingReleases.Drain(api);
            _ = api.Py_FinalizeEx();
            PendingReleases.Abandon();
            s_state = PythonRuntimeState.Finalized;
            return true;
        }
    }

    /// <summary>The live API, or false once the interpreter is gone (or was never started): release paths use it
    /// to leak on purpose rather than touch a finalized interpreter or start one from a finalizer.</summary>
    internal static bool TryGetLiveApi([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PythonApi? api)
    {
        api = s_liveApi;
        return api != null;
    }

    private static PythonApi InitializeSlow(PythonRuntimeOptions? options)
    {
        lock (Gate)
        {
            switch (s_state)
            {
                case PythonRuntimeState.Started or PythonRuntimeState.Attached:
                    if (options?.LibraryPath is { } path && !string.Equals(path, s_requestedPath, StringComparison.Ordinal)
                        && !PythonLibraryLocator.SameFile(path, s_resolution!.Library.Path))
                    {
                        throw new InvalidOperationException(
                            $"Python is already initialized from '{s_resolution.Library.Path}'; one interpreter per process, so '{path}' cannot be loaded too.");
                    }

                    // Start-up options cannot take effect on a running interpreter: say so rather than ignore them.
                    if (options != null && !ReferenceEquals(options, s_startOptions)
                        && ((options.EnableDebugHooks && s_startOptions?.EnableDebugHooks != true) || options.ReplaceAllocators is { Count: > 0 }))
                    {
                        throw new InvalidOperationException(
                            "The interpreter is already running, so EnableDebugHooks and ReplaceAllocators cannot take effect: pass them to the first PythonRuntime.Initialize call, before anything uses Python.");
                    }

                    return s_liveApi!;
                case PythonRuntimeState.ShuttingDown or PythonRuntimeState.Finalized:
                    throw new InterpreterFinalizedException();
            }

            PythonLibraryResolution resolution = new PythonLibraryLocator().Locate(options?.LibraryPath);

            // Another host may run an interpreter from a different libpython (pythonnet on 3.11, LibraryPath naming
            // 3.12). Neither starting nor "attaching" through the other library is safe: the second library's
            // internal references resolve to the first one's globals (so it even reports itself initialized), and its
            // entry points would run against the other version's structures.
            string? running = PythonLibraryLocator.RunningInterpreterLibraries()
                .FirstOrDefault(loaded => !PythonLibraryLocator.SameFile(loaded, resolution.Library.Path));
            if (running != null)
            {
                throw new InvalidOperationException(
                    $"Another host already runs a Python interpreter from '{running}' in this process; PyMemory will not use a second library, '{resolution.Library.Path}'. Use the same library (or let discovery find the loaded one).");
            }

            var api = new PythonApi(resolution.Library);
            options?.Log?.Invoke("PyMemory: using " + resolution);

            PythonRuntimeState state;
            if (api.Py_IsInitialized() != 0)
            {
                if (options?.EnableDebugHooks == true)
                {
                    throw new InvalidOperationException(
                        "EnableDebugHooks needs PyMemory to start the interpreter, but another host already started it; set PYTHONMALLOC=debug for that host instead.");
                }

                if (options?.ReplaceAllocators is { Count: > 0 })
                {
                    throw new InvalidOperationException(
                        "ReplaceAllocators needs PyMemory to start the interpreter, but another host already started it; a running interpreter only accepts allocators that wrap the current one (PythonAllocators.Install).");
                }

                state = PythonRuntimeState.Attached;
            }
            else
            {
                // The only moment CPython allows replacing an allocator outright: after loading, before starting.
                foreach ((MemoryDomain domain, Allocators.AllocatorFunctions allocator) in options?.ReplaceAllocators ?? new Dictionary<MemoryDomain, Allocators.AllocatorFunctions>())
                {
                    Allocators.PythonAllocators.ReplaceBeforeInitialize(api, domain, allocator, debugHooks: options?.EnableDebugHooks == true ? true : null);
                }

                if (options?.EnableDebugHooks == true)
                {
                    api.PyMem_SetupDebugHooks();
                }

                api.Py_InitializeEx(options?.InstallSignalHandlers == true ? 1 : 0);
                if (api.Py_IsInitialized() == 0)
                {
                    throw new PythonLibraryLoadException($"Py_InitializeEx did not initialize Python {api.Version} from '{resolution.Library.Path}'.");
                }

                // threading's "main thread" is whichever thread imports it first, and from 3.9 its _shutdown (run
                // by Py_FinalizeEx) waits for that thread's state to be deleted unless it runs on that thread.
                // PyMemory keeps every thread's state alive, so a worker importing threading first would make
                // Shutdown hang forever: import it here, on the thread that must also call Shutdown.
                fixed (byte* threading = "threading\0"u8)
                {
                    nint module = api.PyImport_ImportModule(threading);
                    if (module == 0)
                    {
                        api.PyErr_Clear(); // an interpreter without threading has nothing to wait for either
                    }

                    api.Py_DecRef(module);
                }

                // Py_InitializeEx leaves the GIL held by this thread; release it so that any thread can take it,
                // and keep this thread's state for its later scopes.
                ThreadGilState.Current.ThreadState = api.PyEval_SaveThread();
                s_initializingThreadId = Environment.CurrentManagedThreadId;
                state = PythonRuntimeState.Started;
            }

            s_resolution = resolution;
            s_requestedPath = options?.LibraryPath;
            s_startOptions = options;
            s_state = state;
            s_liveApi = api;
            return api;
        }
    }

    /// <summary>The text of a C string owned by Python.</summary>
    internal static string? FromUtf8(byte* text) => text == null ? null : Marshal.PtrToStringUTF8((nint)text);
}
