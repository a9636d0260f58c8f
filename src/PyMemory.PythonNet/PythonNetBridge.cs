using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PyMemory.Interop;
using PyMemory.Interop.Loading;
using Python.Runtime;

namespace PyMemory.PythonNet;

/// <summary>
/// PyMemory and pythonnet on one interpreter, started with one call and shut down in the one order that neither
/// crashes nor hangs: <see cref="Initialize"/> runs PyMemory's discovery and every start-up option
/// (<see cref="PythonRuntime.Initialize"/>), then starts pythonnet's engine on the same library; <see cref="Shutdown"/>
/// stops pythonnet's engine, then finalizes the interpreter. Objects cross with <see cref="PyObjectConversions"/>.
/// </summary>
/// <remarks>
/// pythonnet 3.2 supports Python 3.11 and later. On an older Python (3.8 to 3.10) the bridge starts PyMemory only,
/// logs it and answers <see cref="PythonNetBridgeMode.PyMemoryOnly"/>. The bridge also replaces pythonnet's
/// process-exit handler, which waits for the GIL without limit, with one that never waits for a GIL it cannot get:
/// a process that exits while a thread holds the GIL exits instead of hanging (docs/pythonnet.md).
/// </remarks>
public static class PythonNetBridge
{
    /// <summary>How long the exit handler lets pythonnet's shutdown wait for the GIL before the process exits without
    /// it (another thread holds the GIL through <c>Py.GIL()</c>, which PyMemory cannot see).</summary>
    internal static readonly TimeSpan ExitShutdownTimeout = TimeSpan.FromSeconds(2);

    private static readonly Lock Gate = new();
    private static volatile PythonNetBridgeMode s_mode;
    private static nint s_allowThreadsToken;
    private static int s_threadId;
    private static bool s_exitHandlerInstalled;
    private static volatile ILogger s_log = NullLogger.Instance;

    /// <summary>How the bridge started Python; <see cref="PythonNetBridgeMode.NotInitialized"/> before
    /// <see cref="Initialize"/> and after <see cref="Shutdown"/>.</summary>
    public static PythonNetBridgeMode Mode => s_mode;

    /// <summary>True when pythonnet's engine runs next to PyMemory (<see cref="PythonNetBridgeMode.PythonNet"/> or
    /// <see cref="PythonNetBridgeMode.PythonNetStartedByCaller"/>), so pythonnet's API may be used.</summary>
    public static bool IsPythonNetActive => s_mode is PythonNetBridgeMode.PythonNet or PythonNetBridgeMode.PythonNetStartedByCaller;

    /// <summary>
    /// Starts Python for PyMemory and pythonnet in one call, on this thread: <see cref="PythonRuntime.Initialize"/> with
    /// <paramref name="options"/> (discovery, which honours pythonnet's <c>Runtime.PythonDLL</c> and
    /// <c>PYTHONNET_PYDLL</c>; debug hooks, allocator replacement, tracking, the venv), then <c>Runtime.PythonDLL</c> set
    /// to the same library, <c>PythonEngine.Initialize()</c> and <c>PythonEngine.BeginAllowThreads()</c>, so that any
    /// thread can take the GIL through <c>Py.GIL()</c> or <see cref="GilScope"/>. When pythonnet's engine is already
    /// initialized, PyMemory attaches to it instead. Calling it again returns the mode at once.
    /// </summary>
    /// <param name="options">PyMemory's options (<see cref="PythonRuntimeOptions.LoggerFactory"/> also serves the
    /// bridge's category, <c>PyMemory.PythonNet</c>); null for the defaults.</param>
    /// <returns>Whether pythonnet's engine runs (<see cref="PythonNetBridgeMode.PythonNet"/>) or only PyMemory does,
    /// on a Python this pythonnet does not support (<see cref="PythonNetBridgeMode.PyMemoryOnly"/>).</returns>
    /// <exception cref="PythonLibraryLoadException">No usable CPython was found.</exception>
    /// <exception cref="InvalidOperationException">PythonRuntime.Initialize refused the options (see its exceptions; for
    /// example a start-up option asked of the interpreter pythonnet already started), or <c>PythonEngine.Initialize</c>
    /// threw: its exception is the inner one, the GIL it left held on this thread was released, and PyMemory stays
    /// started (<see cref="PythonRuntime.Shutdown"/> still works).</exception>
    /// <exception cref="ArgumentException">An option is invalid (see <see cref="PythonRuntime.Initialize"/>).</exception>
    /// <exception cref="NotSupportedException">This pythonnet is not a 3.2 release: an internal the bridge relies on is
    /// missing (nothing was started), or a start-up option needs an export the loaded Python lacks.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized; it cannot be restarted.</exception>
    public static PythonNetBridgeMode Initialize(PythonRuntimeOptions? options = null) => InitializeCore(options, checkSupport: true);

    /// <summary>As <see cref="Initialize(PythonRuntimeOptions?)"/>; <paramref name="checkSupport"/> false tries pythonnet's
    /// engine even on a version it has no layout for (the child scenario that proves a failed start is cleaned up).</summary>
    internal static PythonNetBridgeMode InitializeCore(PythonRuntimeOptions? options, bool checkSupport)
    {
        lock (Gate)
        {
            if (s_mode != PythonNetBridgeMode.NotInitialized)
            {
                PythonRuntime.Initialize(options); // refuses start-up options it can no longer apply, as elsewhere
                return s_mode;
            }

            if (PythonNetInternals.Missing() != null)
            {
                throw PythonNetInternals.Unsupported();
            }

            if (options?.LoggerFactory is { } factory)
            {
                s_log = factory.CreateLogger(PythonNetLog.Category);
            }

            bool startedByCaller = PythonEngine.IsInitialized;
            PythonRuntime.Initialize(options);
            PythonVersion version = PythonRuntime.Version;
            if (startedByCaller)
            {
                InstallExitHandler();
                s_log.PythonNetAlreadyStarted();
                return Started(PythonNetBridgeMode.PythonNetStartedByCaller);
            }

            if (checkSupport && !PythonNetInternals.Supports(version))
            {
                s_log.PythonNetUnsupported(PythonNetInternals.Version, version, PythonNetInternals.TypeOffsetClassName(version));
                return Started(PythonNetBridgeMode.PyMemoryOnly);
            }

            string library = PythonRuntime.Library.Library.Path;
            Runtime.PythonDLL = library; // pythonnet must load the very file PyMemory runs (its engine is not started yet)

            bool heldBefore = GilScope.IsHeld;
            try
            {
                PythonEngine.Initialize();
            }
#pragma warning disable CA1031 // rethrown, wrapped, once the GIL is released
            catch (Exception e)
#pragma warning restore CA1031
            {
                // pythonnet 3.2 throws (an unsupported ABI, say) after attaching through PyGILState_Ensure, leaving this
                // thread holding the GIL and every other thread blocked. Give back exactly that Ensure.
                PythonNetInternals.RemoveProcessExitHandler();
                bool released = !heldBefore && GilScope.IsHeld;
                if (released)
                {
                    ReleaseEnsure(PythonRuntime.Api);
                }

                s_log.PythonNetStartFailed(e, version, released);
                throw new InvalidOperationException(
                    $"pythonnet {PythonNetInternals.Version} could not start its engine on Python {version} ('{library}'): {e.Message} PyMemory is running (the GIL pythonnet left held was released); shut it down with PythonRuntime.Shutdown, or keep using PyMemory alone.",
                    e);
            }

            InstallExitHandler();
            s_allowThreadsToken = PythonEngine.BeginAllowThreads();
            s_threadId = Environment.CurrentManagedThreadId;
            PythonRuntime.SetShutdownGuard(ShutdownGuard);
            s_log.PythonNetStarted(PythonNetInternals.Version, version, library);
            return Started(PythonNetBridgeMode.PythonNet);
        }

        static PythonNetBridgeMode Started(PythonNetBridgeMode mode)
        {
            s_mode = mode;
            _ = PythonRuntime.DrainPendingReleases();
            return mode;
        }
    }

    /// <summary>
    /// Shuts down what <see cref="Initialize"/> started, in the order that neither crashes nor hangs:
    /// <c>PythonEngine.EndAllowThreads</c>, <c>PythonEngine.Shutdown()</c>, then <see cref="PythonRuntime.Shutdown"/>.
    /// Call it on the thread that called <see cref="Initialize"/>, outside any <see cref="GilScope"/> or
    /// <c>Py.GIL()</c>, once every other thread has left its scopes. On <see cref="PythonNetBridgeMode.PyMemoryOnly"/>
    /// it is <see cref="PythonRuntime.Shutdown"/>; on <see cref="PythonNetBridgeMode.PythonNetStartedByCaller"/> it
    /// changes nothing (the caller shuts pythonnet down, then PyMemory). When PyMemory was started on another thread
    /// (by PyMemory.Hosting's interpreter thread, say), only pythonnet's engine is shut down here (if it runs), and the
    /// interpreter is left for that thread to finalize (the hosted service does when the host stops).
    /// </summary>
    /// <returns>True when the interpreter was finalized (see <see cref="PythonRuntime.Shutdown"/>); false when it was
    /// left running for its owner or was not PyMemory's to finalize.</returns>
    /// <exception cref="InvalidOperationException">This is not the thread that called <see cref="Initialize"/>, this thread
    /// holds the GIL, or another thread is inside a <see cref="GilScope"/> (nothing was changed); or
    /// <see cref="PythonRuntime.Shutdown"/> refused after pythonnet's engine was shut down (a thread entered a scope
    /// meanwhile: call <see cref="PythonRuntime.Shutdown"/> again once it left).</exception>
    public static bool Shutdown()
    {
        lock (Gate)
        {
            switch (s_mode)
            {
                case PythonNetBridgeMode.NotInitialized or PythonNetBridgeMode.PythonNetStartedByCaller:
                    return false;
                case PythonNetBridgeMode.PyMemoryOnly:
                    bool finalized = FinalizeIfOwned();
                    s_mode = PythonNetBridgeMode.NotInitialized;
                    return finalized;
            }

            if (Environment.CurrentManagedThreadId != s_threadId)
            {
                throw new InvalidOperationException(
                    $"PythonNetBridge.Shutdown must be called on the thread that called Initialize (managed thread {s_threadId}), not on thread {Environment.CurrentManagedThreadId}: pythonnet's EndAllowThreads and PyMemory's finalization both belong there. Nothing was changed.");
            }

            if (GilScope.IsHeld)
            {
                throw new InvalidOperationException(
                    "PythonNetBridge.Shutdown cannot run while this thread holds the GIL (inside a GilScope or Py.GIL()); dispose it first. Nothing was changed.");
            }

            if (PythonRuntime.OtherThreadsInScope is > 0 and int others)
            {
                throw new InvalidOperationException(
                    $"PythonNetBridge.Shutdown refused: {others} other thread(s) are inside a GilScope; dispose every scope on every thread, then call Shutdown again. Nothing was changed.");
            }

            _ = PythonRuntime.DrainPendingReleases();
            long started = Stopwatch.GetTimestamp();
            if (PythonEngine.IsInitialized)
            {
                PythonEngine.EndAllowThreads(s_allowThreadsToken);
                PythonEngine.Shutdown();
            }

            s_allowThreadsToken = 0;
            s_mode = PythonNetBridgeMode.NotInitialized;
            long elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            s_log.PythonNetShutDown(elapsed);

            return FinalizeIfOwned();
        }
    }

    /// <summary><see cref="PythonRuntime.Shutdown"/>, unless PyMemory was started on another thread (a hosted service's
    /// interpreter thread): finalizing belongs there, so the interpreter is left running for it.</summary>
    private static bool FinalizeIfOwned()
    {
        if (PythonRuntime.State == PythonRuntimeState.Started && PythonRuntime.InitializingThreadId != Environment.CurrentManagedThreadId)
        {
            s_log.FinalizationLeftToOwner(PythonRuntime.InitializingThreadId);
            return false;
        }

        return PythonRuntime.Shutdown();
    }

    /// <summary>
    /// pythonnet's <c>Py.GIL()</c>, which also frees PyMemory's owners released without the GIL (by the finalizer)
    /// that wait in its queue: <c>Py.GIL()</c> alone does not, only PyMemory's own entry points do.
    /// </summary>
    /// <returns>pythonnet's GIL state; dispose it to give the GIL back.</returns>
    /// <exception cref="InvalidOperationException">pythonnet's engine is not running (<see cref="IsPythonNetActive"/> is
    /// false).</exception>
    public static Py.GILState Gil()
    {
        if (!IsPythonNetActive || !PythonEngine.IsInitialized)
        {
            throw new InvalidOperationException(
                $"pythonnet's engine is not running (bridge mode {s_mode}); start it with PythonNetBridge.Initialize, or use GilScope.Enter() with PyMemory alone.");
        }

        Py.GILState state = Py.GIL();
        if (PythonRuntime.PendingReleaseCount > 0)
        {
            _ = PythonRuntime.DrainPendingReleases();
        }

        return state;
    }

    /// <summary>Gives back the <c>PyGILState_Ensure</c> that a failed <c>PythonEngine.Initialize</c> left held.</summary>
    private static unsafe void ReleaseEnsure(PythonApi api) => api.PyGILState_Release(1); // PyGILState_UNLOCKED

    /// <summary>Why <see cref="PythonRuntime.Shutdown"/> must refuse now, or null.</summary>
    private static string? ShutdownGuard() => PythonEngine.IsInitialized
        ? "PythonRuntime.Shutdown refused: pythonnet's engine still runs on this interpreter (PythonEngine.IsInitialized), and finalizing under it crashes the process at exit. Call PythonNetBridge.Shutdown() (or PythonEngine.Shutdown() first); nothing was changed."
        : null;

    /// <summary>Replaces pythonnet's process-exit handler with <see cref="OnProcessExit"/> (once).</summary>
    private static void InstallExitHandler()
    {
        PythonNetInternals.RemoveProcessExitHandler();
        if (!s_exitHandlerInstalled)
        {
            AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
            s_exitHandlerInstalled = true;
        }
    }

    /// <summary>
    /// At process exit with pythonnet's engine still initialized: runs pythonnet's own exit handler, but only once the
    /// GIL was seen free, so that it never waits for a GIL it cannot get. When this thread holds the GIL, or another
    /// thread is inside a <see cref="GilScope"/>, it does not try. Otherwise a probe thread takes the GIL and gives it
    /// back (pythonnet's shutdown itself cannot run there: it waits for pending finalizers, and .NET raises ProcessExit
    /// on the finalizer thread); when the probe gets no GIL within <see cref="ExitShutdownTimeout"/> (another thread
    /// holds it through <c>Py.GIL()</c> or native code), the process exits without pythonnet's shutdown.
    /// </summary>
    private static void OnProcessExit(object? sender, EventArgs e)
    {
        if (!PythonEngine.IsInitialized || !PythonRuntime.IsRunning)
        {
            return;
        }

        if (GilScope.IsHeld)
        {
            s_log.ExitShutdownSkipped("the exiting thread holds the GIL");
            return;
        }

        if (PythonRuntime.OtherThreadsInScope > 0)
        {
            s_log.ExitShutdownSkipped("other threads are inside a GilScope and hold or will take the GIL");
            return;
        }

        PythonApi api = PythonRuntime.Api;
        var probe = new Thread(() => ProbeGil(api))
        {
            IsBackground = true,
            Name = "PyMemory.PythonNet exit probe",
        };
        probe.Start();
        if (!probe.Join(ExitShutdownTimeout))
        {
            // The probe stays blocked until the process ends; if it gets the GIL meanwhile it only gives it back.
            s_log.ExitShutdownSkipped("another thread held the GIL for the whole wait (Py.GIL() or native code)");
            return;
        }

        long started = Stopwatch.GetTimestamp();
        try
        {
            PythonNetInternals.RunProcessExitHandler(sender, e);
        }
#pragma warning disable CA1031 // the process is exiting: logged, never thrown into the exit path
        catch (Exception ex)
#pragma warning restore CA1031
        {
            s_log.ExitShutdownFailed(ex);
            return;
        }

        long elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        s_log.ExitShutdown(elapsed);
    }

    /// <summary>Takes the GIL on a thread of its own and gives it back (its thread state is deleted again).</summary>
    private static unsafe void ProbeGil(PythonApi api) => api.PyGILState_Release(api.PyGILState_Ensure());
}
