using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using PyMemory.Interop;
using PyMemory.Interop.Loading;
using PyMemory.Logging;

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
    private static volatile PythonApi? s_aliveApi;
    private static volatile PythonRuntimeState s_state;
    private static PythonLibraryResolution? s_resolution;
    private static string? s_requestedPath;
    private static PythonRuntimeOptions? s_startOptions;
    private static int s_initializingThreadId;
    private static PythonRuntimeOptions? s_startSource; // the object the caller passed (s_startOptions is its copy)
    private static Tracking.MemoryTrackingOptions? s_startTrackingSource; // and the tracking options it held then
    private static int s_claimThreadId; // while not 0, only this thread may start Python (ClaimStart)
    private static string? s_claimOwner;
    private static volatile Func<string?>? s_shutdownGuard; // another host in this process that must stop first

    /// <summary>Where the interpreter is in its life.</summary>
    public static PythonRuntimeState State => s_state;

    /// <summary>True when PyMemory can call into Python (started or attached, not finalized).</summary>
    /// <remarks>Read from the API that stays set while a refused <see cref="Shutdown"/> runs (the one that new calls
    /// wait on is cleared for that moment), so that a refusal does not make it read false.</remarks>
    public static bool IsRunning => s_aliveApi != null;

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

    /// <summary>
    /// Frees now the owners that were released on a thread without the GIL and wait in the queue
    /// (<see cref="PendingReleaseCount"/>), instead of at the next implicit moment (a <see cref="GilScope"/>'s outermost
    /// enter or exit, a MEM or OBJ call). Takes the GIL for the call through a <see cref="GilScope"/> when this thread
    /// does not hold it (borrowing it when another host holds it here), and gives it back.
    /// </summary>
    /// <returns>How many queued releases this call freed (others queued meanwhile may be freed by the same scope's
    /// exit without being counted); 0 when nothing was queued, before Python was initialized, and once the interpreter
    /// was finalized (the queue is then leaked on purpose, like every handle still alive).</returns>
    /// <exception cref="InvalidOperationException"><see cref="GilScope.AllowThreads"/> has released the GIL on this
    /// thread.</exception>
    public static int DrainPendingReleases()
    {
        // Checked before the queue, so that the misuse is reported every time, not only when a finalizer happened to
        // queue something.
        if (ThreadGilState.CurrentOrNull is { IsReleased: true })
        {
            throw new InvalidOperationException(
                "PythonRuntime.DrainPendingReleases cannot run while GilScope.AllowThreads has released the GIL on this thread; dispose the AllowThreads scope first.");
        }

        if (PendingReleases.Count == 0 || !TryGetLiveApi(out PythonApi? api))
        {
            return 0;
        }

        GilScope gil;
        try
        {
            gil = GilScope.EnterWithoutDrain();
        }
        catch (InterpreterFinalizedException)
        {
            return 0; // finalized meanwhile: nothing may be freed any more
        }

        using (gil)
        {
            return PendingReleases.Drain(api);
        }
    }

    /// <summary>The bound native API; initializes with default options on first use.</summary>
    internal static PythonApi Api => s_liveApi ?? InitializeSlow(null, implicitUse: true);

    /// <summary>
    /// Loads Python and starts the interpreter, or attaches to the one already running in this process. Calling it
    /// again (from any thread, at the same time or later) returns at once.
    /// </summary>
    /// <param name="options">Where to find Python and how to start it; null for the defaults.</param>
    /// <exception cref="PythonLibraryLoadException">No usable CPython was found; the message lists every candidate.</exception>
    /// <exception cref="InvalidOperationException">Python is already initialized (by PyMemory or another host in this
    /// process) from a different library than the one chosen, or <see cref="PythonRuntimeOptions.EnableDebugHooks"/> or
    /// <see cref="PythonRuntimeOptions.ReplaceAllocators"/> was asked of an interpreter another host started, or one of
    /// them or <see cref="PythonRuntimeOptions.InstallSignalHandlers"/> was asked of an interpreter already running
    /// without it (a start-up option cannot take effect any more), or
    /// PYTHONMALLOC is set together with <see cref="PythonRuntimeOptions.ReplaceAllocators"/>, or
    /// <see cref="PythonRuntimeOptions.Executable"/>, <see cref="PythonRuntimeOptions.PythonHome"/> or
    /// <see cref="PythonRuntimeOptions.ExtraSysPath"/> was asked of an interpreter already running, or a host's PyMemory
    /// service (PyMemory.Hosting) is starting Python on its own thread, has not finished, and this is another thread.</exception>
    /// <exception cref="ArgumentException">A replacement allocator is incomplete or does not return distinct non-NULL
    /// pointers for 0-byte requests; or <see cref="PythonRuntimeOptions.Executable"/> does not exist or belongs to a
    /// venv of another version, <see cref="PythonRuntimeOptions.PythonHome"/> holds no standard library of the loaded
    /// version, or an <see cref="PythonRuntimeOptions.ExtraSysPath"/> entry is null or empty (nothing was
    /// started).</exception>
    /// <exception cref="NotSupportedException"><see cref="PythonRuntimeOptions.Executable"/> or
    /// <see cref="PythonRuntimeOptions.PythonHome"/> is set and the loaded Python no longer exports
    /// <c>Py_SetProgramName</c> / <c>Py_SetPythonHome</c>.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized; it cannot be restarted.</exception>
    /// <remarks>What is read from <paramref name="options"/> is copied: changing the object afterwards changes nothing.
    /// Given a <see cref="PythonRuntimeOptions.LoggerFactory"/>, PyMemory logs through it from then on, also when the
    /// interpreter was already running.</remarks>
    public static void Initialize(PythonRuntimeOptions? options = null) => InitializeSlow(options, implicitUse: false);

    /// <summary>
    /// Finalizes the interpreter if PyMemory started it. Every SDK call afterwards throws
    /// <see cref="InterpreterFinalizedException"/> (<see cref="GilScope.IsHeld"/> answers false), and handles still alive
    /// are leaked on purpose instead of touching a finalized interpreter. An interpreter PyMemory attached to is never
    /// finalized.
    /// </summary>
    /// <remarks>
    /// The contract: call it from the thread that initialized Python, outside any <see cref="GilScope"/>, once every
    /// other thread has disposed its scopes. Shutdown does not wait: while another thread is inside a
    /// <see cref="GilScope"/> (or its <see cref="GilScope.AllowThreads"/>) it refuses at once and changes nothing, so
    /// that thread can finish its work and dispose its scope, and Shutdown can then be called again. (Waiting could
    /// only hang: the other thread holds the GIL Shutdown needs, and a thread whose scope is never disposed never gives
    /// it back.) A thread that enters a scope once Shutdown has begun gets <see cref="InterpreterFinalizedException"/>.
    /// Initialization on first use happens on whichever thread first needs Python; to be able to shut down, call
    /// <see cref="Initialize"/> explicitly on the thread that will call Shutdown.
    /// </remarks>
    /// <returns>True when this call finalized the interpreter; false when PyMemory did not start it (attached, not
    /// initialized) or it was already finalized.</returns>
    /// <exception cref="InvalidOperationException">The calling thread is inside a <see cref="GilScope"/>, is not the
    /// thread that initialized Python (CPython's threading shutdown would wait forever there), another thread is
    /// inside a <see cref="GilScope"/>, or pythonnet's engine, started by PyMemory.PythonNet, is still initialized on
    /// this interpreter (shut it down first: <c>PythonNetBridge.Shutdown</c>); nothing was changed.</exception>
    public static bool Shutdown()
    {
        lock (Gate)
        {
            if (s_state != PythonRuntimeState.Started)
            {
                if (s_state == PythonRuntimeState.Attached)
                {
                    PyMemoryLoggers.Runtime.ShutdownLeftAttached();
                }

                return false;
            }

            if (Environment.CurrentManagedThreadId != s_initializingThreadId)
            {
                // CPython's threading shutdown only completes on the thread that started the interpreter (from 3.9 it
                // waits forever elsewhere): refuse instead of hanging.
                throw Refused(
                    $"PythonRuntime.Shutdown must be called on the thread that initialized Python (managed thread {s_initializingThreadId}), not on thread {Environment.CurrentManagedThreadId}. Initialize explicitly on the thread that will shut down (for example Main), or do not shut down.");
            }

            ThreadGilState thread = ThreadGilState.Current;
            if (thread.Depth > 0)
            {
                throw Refused("PythonRuntime.Shutdown cannot run inside a GilScope; dispose the scope first.");
            }

            // pythonnet's engine on this interpreter (PyMemory.PythonNet): finalizing under it crashes the process at
            // exit, when its own handler takes the GIL of the finalized interpreter.
            if (s_shutdownGuard?.Invoke() is { } otherHost)
            {
                throw Refused(otherHost);
            }

            PythonApi api = s_liveApi!;
            s_liveApi = null; // from here on, new SDK calls wait on Gate for the outcome instead of racing it

            // Pairs with the fence of ThreadGilState.EnterOutermost: a scope entered from here on sees s_liveApi null.
            Interlocked.MemoryBarrier();
            int others = ThreadGilState.OthersInScope(thread);
            if (others > 0)
            {
                s_liveApi = api;
                throw Refused(
                    $"PythonRuntime.Shutdown refused: {others} other thread(s) are inside a GilScope (or its AllowThreads), and finalizing would take the GIL from under them. Dispose every GilScope on every thread, then call Shutdown again; nothing was changed.");
            }

            long started = Stopwatch.GetTimestamp();

            // Set only once committed, so that a refusal changes nothing anyone can observe.
            s_state = PythonRuntimeState.ShuttingDown;

            // Decided from PyMemory's own state, not PyGILState_Check (which answers 1 everywhere once a
            // subinterpreter has run): this thread's state is attached only when another host's
            // PyGILState_Ensure holds the GIL here, and taking it again would deadlock.
            if (!Gil.IsHeld(api, thread))
            {
                if (thread.ThreadState != 0)
                {
                    api.PyEval_RestoreThread(thread.ThreadState);
                }
                else
                {
                    _ = api.PyGILState_Ensure();
                }
            }

            s_aliveApi = null; // from here on, releases leak instead of freeing into the finalizing interpreter
            _ = PendingReleases.Drain(api);
            Tracking.MemoryTracker.BeforeFinalize(); // sampling stops (no Python frames read while finalizing)
            _ = api.Py_FinalizeEx();
            PendingReleases.Abandon();
            s_state = PythonRuntimeState.Finalized;
            long elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            PyMemoryLoggers.Runtime.InterpreterFinalized(elapsed);
            return true;
        }

        static InvalidOperationException Refused(string reason)
        {
            PyMemoryLoggers.Runtime.ShutdownRefused(reason);
            return new InvalidOperationException(reason);
        }
    }

    /// <summary>Registers the check <see cref="Shutdown"/> makes before it changes anything: it returns why finalizing
    /// must be refused now (another host that must shut down first still runs on the interpreter), or null to go on.
    /// One guard per process (PyMemory.PythonNet's); a later call replaces it, null removes it.</summary>
    internal static void SetShutdownGuard(Func<string?>? guard) => s_shutdownGuard = guard;

    /// <summary>The managed thread that started the interpreter (0 when PyMemory did not start it).</summary>
    internal static int InitializingThreadId => s_initializingThreadId;

    /// <summary>How many threads other than this one are inside a <see cref="GilScope"/>: while there are any,
    /// <see cref="Shutdown"/> refuses (the hosted service waits for them to leave before it tries).</summary>
    internal static int OtherThreadsInScope => ThreadGilState.OthersInScope(ThreadGilState.Current);

    /// <summary>Reserves the interpreter's start for the thread <paramref name="threadId"/> (PyMemory.Hosting's
    /// interpreter thread, created and not yet started): until it has started Python or <see cref="ReleaseStartClaim"/>
    /// is called, initializing on any other thread, implicitly or explicitly, throws instead of starting Python on a
    /// thread that could never shut it down. Nothing changes when Python is already running.</summary>
    internal static void ClaimStart(int threadId, string owner)
    {
        lock (Gate)
        {
            s_claimThreadId = threadId;
            s_claimOwner = owner;
        }
    }

    /// <summary>Ends a <see cref="ClaimStart"/> (after the start, or when it failed or the host stopped).</summary>
    internal static void ReleaseStartClaim()
    {
        lock (Gate)
        {
            s_claimThreadId = 0;
            s_claimOwner = null;
        }
    }

    /// <summary>The live API, or false once the interpreter is gone (or was never started): release paths use it
    /// to leak on purpose rather than touch a finalized interpreter or start one from a finalizer.</summary>
    /// <remarks>Stays set while a refused Shutdown runs (the interpreter is still alive then); cleared only once
    /// Shutdown has committed and holds the GIL.</remarks>
    internal static bool TryGetLiveApi([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PythonApi? api)
    {
        api = s_aliveApi;
        return api != null;
    }

    private static PythonApi InitializeSlow(PythonRuntimeOptions? requested, bool implicitUse)
    {
        // What is read is copied first, so that a caller changing its object later (or on another thread meanwhile)
        // changes nothing; the tracking options object itself is remembered to recognize it when passed again.
        PythonRuntimeOptions? options = requested?.Copy();
        lock (Gate)
        {
            PyMemoryLoggers.Use(options?.LoggerFactory);
            switch (s_state)
            {
                case PythonRuntimeState.Started or PythonRuntimeState.Attached:
                    if (options?.LibraryPath is { } path && !string.Equals(path, s_requestedPath, StringComparison.Ordinal)
                        && !PythonLibraryLocator.SameFile(path, s_resolution!.Library.Path))
                    {
                        throw new InvalidOperationException(
                            $"Python is already initialized from '{s_resolution.Library.Path}'; one interpreter per process, so '{path}' cannot be loaded too.");
                    }

                    // Start-up options cannot take effect on a running interpreter: say so rather than ignore them. The
                    // object that started it may be passed again, as long as it was not changed since (it was copied).
                    bool sameSource = ReferenceEquals(requested, s_startSource);
                    if (options != null
                        && ((options.EnableDebugHooks && s_startOptions?.EnableDebugHooks != true)
                            || (options.InstallSignalHandlers && s_startOptions?.InstallSignalHandlers != true)
                            || (options.ReplaceAllocators is { Count: > 0 } replace && !(sameSource && SameEntries(replace, s_startOptions?.ReplaceAllocators)))
                            || (requested!.Tracking != null && !(sameSource && ReferenceEquals(requested.Tracking, s_startTrackingSource)))
                            || (HasStartupPaths(options) && !(sameSource && SameStartupPaths(options, s_startOptions)))))
                    {
                        throw new InvalidOperationException(
                            "The interpreter is already running, so EnableDebugHooks, InstallSignalHandlers, ReplaceAllocators, Tracking, Executable, PythonHome and ExtraSysPath cannot take effect: pass them to the first PythonRuntime.Initialize call, before anything uses Python (or start the tracker now with MemoryTracker.Start).");
                    }

                    return s_liveApi!;
                case PythonRuntimeState.ShuttingDown or PythonRuntimeState.Finalized:
                    throw new InterpreterFinalizedException();
            }

            if (s_claimThreadId != 0 && s_claimThreadId != Environment.CurrentManagedThreadId)
            {
                throw new InvalidOperationException(
                    $"Python is being started by {s_claimOwner} on its own thread (managed thread {s_claimThreadId}), so that it can also shut it down; {(implicitUse ? "using" : "initializing")} Python on thread {Environment.CurrentManagedThreadId} before that start has finished would start it on the wrong thread. Use Python once the host has started (hosted services' StartAsync and later, requests), or await the start (docs/hosting.md).");
            }

            // Before anything starts, so that a factory that throws leaves nothing half done; once per process.
            Diagnostics.PyMemoryMetrics.EnsureCreated(options?.MeterFactory);
            PythonLibraryResolution resolution = Locate(options?.LibraryPath);

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

                if (options?.Tracking != null)
                {
                    throw new InvalidOperationException(
                        "Tracking from the start needs PyMemory to start the interpreter, but another host already started it; use MemoryTracker.Start to track from now on.");
                }

                if (options != null && HasStartupPaths(options))
                {
                    throw new InvalidOperationException(
                        "Executable, PythonHome and ExtraSysPath need PyMemory to start the interpreter, but another host already started it; its sys.executable, sys.prefix and sys.path are already decided (change sys.path from Python code instead).");
                }

                state = PythonRuntimeState.Attached;
                PyMemoryLoggers.Runtime.InterpreterAttached(api.Version);
            }
            else
            {
                // Program name and home come first, before any allocator is changed; checked before anything is set,
                // since a bad one makes Py_InitializeEx abort the process instead of failing. Without a program name
                // CPython would take whatever python3 is first on PATH as its executable, and that one's prefix.
                InterpreterStartup.Validate(api.Version, options?.Executable, options?.PythonHome, options?.ExtraSysPath);
                string? executable = options?.Executable ?? (api.Has("Py_SetProgramName") ? resolution.Executable : null);
                InterpreterStartup.BeforeInitialize(api, executable, options?.PythonHome);
                if (executable != null)
                {
                    PyMemoryLoggers.Runtime.ExecutableChosen(executable, options?.Executable is null ? resolution.VirtualEnvironment : null);
                }

                // The only moment CPython allows replacing an allocator outright: after loading, before starting.
                foreach ((MemoryDomain domain, Allocators.AllocatorFunctions allocator) in options?.ReplaceAllocators ?? new Dictionary<MemoryDomain, Allocators.AllocatorFunctions>())
                {
                    Allocators.PythonAllocators.ReplaceBeforeInitialize(api, domain, allocator, debugHooks: options?.EnableDebugHooks == true ? true : null);
                }

                if (options?.EnableDebugHooks == true)
                {
                    api.PyMem_SetupDebugHooks();
                }

                string? allocatorName = null;
                if (options?.Tracking != null)
                {
                    PreInitialize(api);
                    allocatorName = Allocators.PythonAllocators.CurrentNameForLog(api); // the tracker will sit on top and hide it
                    Tracking.MemoryTracker.StartBeforeInitialize(api, options.Tracking);
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

                if (InterpreterStartup.AfterInitialize(api, options?.ExtraSysPath) is { } problem)
                {
                    PyMemoryLoggers.Runtime.ExtraSysPathNotApplied(problem);
                }

                if (options?.InstallSignalHandlers == true)
                {
                    InstallSigintHandler(api);
                }

                if (PyMemoryLoggers.Runtime.IsEnabled(LogLevel.Information))
                {
                    allocatorName = Allocators.PythonAllocators.CurrentNameForLog(api) ?? allocatorName ?? "not a preset (hooks or replacements)";
                    PyMemoryLoggers.Runtime.InterpreterStarted(
                        api.Version,
                        Environment.CurrentManagedThreadId,
                        allocatorName,
                        options?.EnableDebugHooks == true || allocatorName.EndsWith("debug", StringComparison.Ordinal),
                        options?.ReplaceAllocators?.Count ?? 0,
                        options?.InstallSignalHandlers == true,
                        options?.Tracking != null);
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
            s_startSource = requested;
            s_startTrackingSource = requested?.Tracking;
            s_claimThreadId = 0; // started: the claim has done its job
            s_claimOwner = null;
            s_state = state;
            s_aliveApi = api;
            s_liveApi = api;
            return api;
        }
    }

    /// <summary>Runs discovery and logs its outcome: the chosen library at Information, every refused candidate at
    /// Debug (also when none was usable).</summary>
    private static PythonLibraryResolution Locate(string? libraryPath)
    {
        ILogger log = PyMemoryLoggers.Runtime;
        PythonLibraryResolution resolution;
        try
        {
            resolution = new PythonLibraryLocator().Locate(libraryPath);
        }
        catch (PythonLibraryLoadException e)
        {
            LogRefused(log, e.Candidates);
            log.NoLibrary(e.Candidates.Count);
            throw;
        }

        LogRefused(log, resolution.Candidates);
        log.LibraryChosen(resolution.Library.Version, resolution.Library.Path, resolution.Rule, resolution.Reason);
        return resolution;

        static void LogRefused(ILogger log, IReadOnlyList<PythonLibraryCandidate> candidates)
        {
            if (!log.IsEnabled(LogLevel.Debug))
            {
                return;
            }

            foreach (PythonLibraryCandidate candidate in candidates)
            {
                if (!string.Equals(candidate.Outcome, "loaded", StringComparison.Ordinal))
                {
                    log.LibraryCandidateRefused(candidate.Path, candidate.Rule, candidate.Outcome);
                }
            }
        }
    }

    private static bool SameEntries(IReadOnlyDictionary<MemoryDomain, Allocators.AllocatorFunctions> requested, IReadOnlyDictionary<MemoryDomain, Allocators.AllocatorFunctions>? started) =>
        started != null && requested.Count == started.Count
        && requested.All(entry => started.TryGetValue(entry.Key, out Allocators.AllocatorFunctions other) && other.Equals(entry.Value));

    /// <summary>True when options carry a start-up path (executable, home, extra sys.path entries).</summary>
    private static bool HasStartupPaths(PythonRuntimeOptions options) =>
        options.Executable != null || options.PythonHome != null || options.ExtraSysPath is { Count: > 0 };

    private static bool SameStartupPaths(PythonRuntimeOptions requested, PythonRuntimeOptions? started) =>
        started != null
        && string.Equals(requested.Executable, started.Executable, StringComparison.Ordinal)
        && string.Equals(requested.PythonHome, started.PythonHome, StringComparison.Ordinal)
        && (requested.ExtraSysPath ?? []).SequenceEqual(started.ExtraSysPath ?? [], StringComparer.Ordinal);

    /// <summary>Pre-initializes with the configuration <c>Py_InitializeEx</c> would use, so that <c>PYTHONMALLOC</c> has
    /// set the allocators up before the tracker wraps them (<c>Py_InitializeEx</c> then skips that step).</summary>
    private static void PreInitialize(PythonApi api)
    {
        PyPreConfig config = PyPreConfig.Compat();
        PyStatus status = api.Py_PreInitialize(&config);
        if (!status.IsOk)
        {
            throw new PythonLibraryLoadException(
                $"Py_PreInitialize failed: {FromUtf8(status.Function) ?? "?"}: {FromUtf8(status.ErrorMessage) ?? "no message"}.");
        }
    }

    /// <summary>Gives Python a SIGINT handler: Py_InitializeEx installs one only while SIGINT is at its default, and
    /// in a .NET host the runtime already handles SIGINT. Runs on the initializing thread, which is the one thread
    /// where Python accepts signal handlers (and where it raises KeyboardInterrupt). The GIL is held.</summary>
    private static void InstallSigintHandler(PythonApi api)
    {
        fixed (byte* code = "import signal\nsignal.signal(signal.SIGINT, signal.default_int_handler)\n"u8)
        {
            if (api.PyRun_SimpleStringFlags(code, null) != 0)
            {
                // PyRun_SimpleString printed and cleared the error; the interpreter itself is fine.
                PyMemoryLoggers.Runtime.SigintHandlerNotInstalled();
            }
        }
    }

    /// <summary>The text of a C string owned by Python.</summary>
    internal static string? FromUtf8(byte* text) => text == null ? null : Marshal.PtrToStringUTF8((nint)text);
}
