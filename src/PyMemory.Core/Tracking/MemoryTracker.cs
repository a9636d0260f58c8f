using Microsoft.Extensions.Logging;
using PyMemory.Interop;
using PyMemory.Logging;
using PyMemory.Tracking.Engines;
using PyMemory.Tracking.Native;

namespace PyMemory.Tracking;

/// <summary>
/// Exact figures of Python's memory, per domain and in total, from inside CPython's allocator chain: live bytes and
/// blocks, the peak, allocation counts and a size histogram, marks that find what is still alive after some work, and
/// limits that make Python raise <c>MemoryError</c> instead of growing. The hot path is native code
/// (src/PyMemory.Native): no call enters .NET, none takes a lock.
/// </summary>
/// <remarks>
/// <para>Start it with the interpreter (<see cref="PythonRuntimeOptions.Tracking"/>) to count every block, or later with
/// <see cref="Start"/>: then blocks allocated before are not counted, and their frees pass through uncounted
/// (<see cref="DomainMemoryFigures.UntrackedFrees"/>).</para>
/// <para>The tracker wraps the allocators that are current when it starts (the debug hooks, tracemalloc, C# hooks
/// installed earlier) and can itself be wrapped by hooks installed later. It stops only from the top of the chain,
/// like an <see cref="Allocators.AllocatorHookScope"/>. Its memory is the size map (2 bytes per 16 bytes of address range that
/// holds tracked blocks, in a reserved region of 16 TiB of address space) and an entry per large or sampled block.</para>
/// <para>The native engine is built for Linux x64 (<see cref="IsNativeEngineAvailable"/>); elsewhere a managed hook
/// counts the same figures, more slowly.</para>
/// </remarks>
public static unsafe partial class MemoryTracker
{
    private static readonly Lock Gate = new();
    private static TrackerEngine? s_engine;  // chosen at the first start, kept for reading afterwards
    private static bool s_running;
    private static MemoryTrackingOptions s_options = new();
    private static MemoryLimits? s_limits;
    private static bool s_removedExternally;
    private static Thread? s_softLimitWatcher;
    private static EventHandler<SoftLimitExceededEventArgs>? s_softLimitExceeded;

    /// <summary>Raised on a background thread (never inside an allocator) when live bytes cross
    /// <see cref="MemoryLimits.SoftTotalBytes"/> upwards. Exceptions thrown by handlers are caught and dropped, so that
    /// they cannot end the process.</summary>
    public static event EventHandler<SoftLimitExceededEventArgs>? SoftLimitExceeded
    {
        add
        {
            lock (Gate)
            {
                s_softLimitExceeded += value;
            }
        }

        remove
        {
            lock (Gate)
            {
                s_softLimitExceeded -= value;
            }
        }
    }

    /// <summary>True while the tracker is installed.</summary>
    public static bool IsRunning => Volatile.Read(ref s_running);

    /// <summary>True when the last <see cref="Stop"/> found that someone else had already taken the tracker out of a
    /// domain's chain: <c>tracemalloc.stop()</c>, when tracemalloc was started before the tracker, restores the
    /// allocators it saved and so drops the tracker. The figures stopped changing at that moment, not at Stop.
    /// False again at the next start.</summary>
    public static bool WasRemovedExternally => Volatile.Read(ref s_removedExternally);

    /// <summary>True when the native tracker library is present and usable on this platform. Without it the tracker
    /// counts through a managed hook instead: the same figures and limits, slower, and without marks, budget scopes,
    /// sampling or tracking from the interpreter's start.</summary>
    public static bool IsNativeEngineAvailable => NativeTracker.IsAvailable;

    /// <summary>Why the native tracker cannot be used here (null when it can).</summary>
    public static string? NativeEngineUnavailableReason => NativeTracker.UnavailableReason;

    /// <summary>The options the tracker runs with (or last ran with): a copy, so changing it changes nothing.</summary>
    public static MemoryTrackingOptions Options => Volatile.Read(ref s_options).Copy();

    /// <summary>The limits in force; null when there are none. Setting applies at once to every thread; null removes
    /// them. Allocations refused so far are not retried, but the same code succeeds when run again. Both directions
    /// copy: changing the object given or read later changes nothing.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is zero or negative, or the headroom is negative.</exception>
    /// <exception cref="InvalidOperationException">The tracker is not running (setting only).</exception>
    public static MemoryLimits? Limits
    {
        get => Volatile.Read(ref s_limits)?.Copy();
        set
        {
            value = value?.Copy(); // what is applied is what Limits reads, whatever the caller does with the object later
            value?.Validate();
            lock (Gate)
            {
                if (!s_running)
                {
                    throw new InvalidOperationException("Limits need the tracker: call MemoryTracker.Start (or set PythonRuntimeOptions.Tracking) first.");
                }

                ApplyLimits(value);
            }

            if (PyMemoryLoggers.Tracking.IsEnabled(LogLevel.Information))
            {
                PyMemoryLoggers.Tracking.LimitsChanged(Describe(value));
            }
        }
    }

    /// <summary>
    /// Starts tracking on a running interpreter (it is started with default options if it is not). Figures start at
    /// zero; blocks allocated before are not counted, and their frees pass through uncounted.
    /// </summary>
    /// <param name="options">How to track; null for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="InvalidOperationException">The tracker is already running; or the GIL cannot be taken on this
    /// thread (inside <see cref="GilScope.AllowThreads"/>).</exception>
    /// <exception cref="InsufficientMemoryException">The size map's address space could not be reserved (a limit on
    /// virtual memory such as <c>ulimit -v</c>).</exception>
    /// <exception cref="Interop.Loading.PythonLibraryLoadException">Python could not be found or loaded.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static void Start(MemoryTrackingOptions? options = null)
    {
        options = options?.Copy() ?? new MemoryTrackingOptions();
        options.Validate();
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        StartLocked(api, options);
    }

    /// <summary>
    /// Removes the tracker from the allocator chain. Figures stay readable, frozen at this moment; limits, budget scopes
    /// and marks stop applying. Blocks it tracked stay valid (it adds nothing to them) and are freed without it.
    /// </summary>
    /// <returns>True when it was running (also when <c>tracemalloc.stop()</c> had already dropped it from the chain:
    /// then <see cref="WasRemovedExternally"/> is true).</returns>
    /// <exception cref="InvalidOperationException">A hook installed after the tracker (an
    /// <see cref="Allocators.AllocatorHookScope"/>, tracemalloc) still wraps it: nothing is changed; remove that first.</exception>
    /// <remarks>Once the interpreter was finalized there is no chain left to change: Stop then only marks the tracker
    /// stopped (and returns whether it was running).</remarks>
    public static bool Stop()
    {
        if (!PythonRuntime.TryGetLiveApi(out PythonApi? api))
        {
            lock (Gate)
            {
                bool was = s_running;
                Volatile.Write(ref s_running, false); // the interpreter is gone, and its allocators with it
                return was;
            }
        }

        using GilScope gil = GilScope.Enter();
        lock (Gate)
        {
            if (!s_running)
            {
                return false;
            }

            bool removedExternally;
            try
            {
                removedExternally = s_engine!.Uninstall(api);
            }
            catch (InvalidOperationException e)
            {
                PyMemoryLoggers.Tracking.TrackerStopRefused(e.Message);
                throw;
            }

            Volatile.Write(ref s_removedExternally, removedExternally);
            Volatile.Write(ref s_limits, null); // they no longer apply (the engine dropped them)
            Volatile.Write(ref s_running, false);
            if (removedExternally)
            {
                PyMemoryLoggers.Tracking.TrackerRemovedExternally();
            }

            PyMemoryLoggers.Tracking.TrackerStopped();
            return true;
        }
    }

    /// <summary>The figures now. No Python call, no GIL, no allocation: cheap enough for every request or metric read
    /// (about 70 ns with a few threads; the read adds up each thread's counters).</summary>
    /// <returns>The snapshot.</returns>
    /// <exception cref="InvalidOperationException">The tracker has never run in this process.</exception>
    public static MemorySnapshot GetSnapshot() =>
        TryGetSnapshot(out MemorySnapshot snapshot)
            ? snapshot
            : throw new InvalidOperationException("The memory tracker has not run in this process: call MemoryTracker.Start (or set PythonRuntimeOptions.Tracking) first.");

    /// <summary>The figures now, when the tracker has run in this process.</summary>
    /// <param name="snapshot">The figures; default when false.</param>
    /// <returns>False when the tracker has never run.</returns>
    [System.Runtime.CompilerServices.SkipLocalsInit]
    public static bool TryGetSnapshot(out MemorySnapshot snapshot)
    {
        TrackerEngine? engine = Volatile.Read(ref s_engine);
        if (engine == null)
        {
            snapshot = default;
            return false;
        }

        PmnSnapshot native;
        engine.Read(&native);
        snapshot = new MemorySnapshot(
            Figures(native.Raw, native.PeakLiveBytes[0], MemoryDomain.Raw),
            Figures(native.Mem, native.PeakLiveBytes[1], MemoryDomain.Mem),
            Figures(native.Obj, native.PeakLiveBytes[2], MemoryDomain.Obj),
            native.PeakTotalLiveBytes,
            (int)native.Threads);
        return true;
    }

    /// <summary>How many allocations of each size one domain has seen since the tracker started.</summary>
    /// <param name="domain">The domain.</param>
    /// <returns>The histogram, in powers of two.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="domain"/> is not defined.</exception>
    /// <exception cref="InvalidOperationException">The tracker has never run in this process.</exception>
    public static SizeHistogram GetSizeHistogram(MemoryDomain domain)
    {
        if (domain is not (MemoryDomain.Raw or MemoryDomain.Mem or MemoryDomain.Obj))
        {
            throw new ArgumentOutOfRangeException(nameof(domain), domain, "Not a memory domain.");
        }

        _ = GetSnapshot();
        Span<ulong> native = stackalloc ulong[PmnDomainCounters.Buckets];
        s_engine!.ReadHistogram(domain, native);
        var counts = new long[SizeHistogram.BucketCount];
        for (int i = 0; i < counts.Length; i++)
        {
            counts[i] = (long)native[i];
        }

        return new SizeHistogram(domain, counts);
    }

    /// <summary>Starts the peaks again from the live bytes now.</summary>
    /// <exception cref="InvalidOperationException">The tracker has never run in this process.</exception>
    public static void ResetPeak()
    {
        _ = GetSnapshot();
        s_engine!.ResetPeak();
    }

    /// <summary>
    /// Takes a mark: from now until it is disposed, every block allocated (on any thread, in any domain) is remembered
    /// as young, and <see cref="MemoryMark.GetDiff"/> tells how many young blocks and bytes are still alive. One mark is
    /// open at a time.
    /// </summary>
    /// <returns>The mark; dispose it to stop marking.</returns>
    /// <exception cref="InvalidOperationException">The tracker is not running, or another mark is open.</exception>
    /// <exception cref="PlatformNotSupportedException">The tracker runs on the managed engine, which has no marks.</exception>
    /// <exception cref="InsufficientMemoryException">The young map's address space could not be reserved.</exception>
    public static MemoryMark Mark()
    {
        lock (Gate)
        {
            RequireAccounts("A mark");
            long id = NativeTracker.Api.pmn_mark_open();
            return id switch
            {
                -2 => throw new InvalidOperationException("Another MemoryMark is open; dispose it first (one mark is open at a time)."),
                <= 0 => throw new InsufficientMemoryException("The tracker could not reserve the address space for marks (8 TiB, reserved only, never committed)."),
                _ => OpenedMark(id),
            };
        }
    }

    /// <summary>
    /// Begins a budget for a piece of work on this thread: the blocks this thread allocates while the scope is open
    /// are charged to it, and credited when they are freed (on any thread, also after the scope ended). An allocation
    /// that would take the charge above <paramref name="maxLiveBytes"/> fails: Python raises <c>MemoryError</c>.
    /// </summary>
    /// <param name="maxLiveBytes">The most live bytes the work may hold.</param>
    /// <returns>The scope; dispose it on this thread (innermost first) when the work is done.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLiveBytes"/> is zero or negative.</exception>
    /// <exception cref="InvalidOperationException">The tracker is not running; this thread already has 4 scopes open;
    /// or 1,024 scopes are open in the process.</exception>
    /// <exception cref="PlatformNotSupportedException">The tracker runs on the managed engine, which has no budget scopes.</exception>
    public static MemoryBudgetScope BeginBudget(long maxLiveBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLiveBytes);
        RequireAccounts("A budget scope");
        long id = NativeTracker.Api.pmn_scope_open(maxLiveBytes);
        return id switch
        {
            -2 => throw new InvalidOperationException("This thread already has 4 budget scopes open; scopes nest at most 4 deep."),
            <= 0 => throw new InvalidOperationException("1,024 budget scopes are open in this process; dispose some first."),
            _ => new MemoryBudgetScope(id, maxLiveBytes),
        };
    }

    private static MemoryMark OpenedMark(long id)
    {
        Sampling.SampleRecorder.MarkOpened(id);
        return new MemoryMark(id);
    }

    /// <summary>Called by <see cref="PythonRuntime.Shutdown"/> with the GIL held, just before <c>Py_FinalizeEx</c>: the
    /// tracker goes on counting (finalization frees most blocks, and the figures show it), but stops sampling, whose
    /// callback would read Python frames in an interpreter that is tearing down, and lets go of what samples hold.</summary>
    internal static void BeforeFinalize()
    {
        lock (Gate)
        {
            if (s_running && s_engine is NativeTrackerEngine)
            {
                Sampling.SampleRecorder.Stop(NativeTracker.Api);
            }
        }
    }

    /// <summary>Starts the tracker before <c>Py_InitializeEx</c> (from <see cref="PythonRuntime.Initialize"/>), after
    /// the library is loaded and <c>PYTHONMALLOC</c> and the debug hooks took effect.</summary>
    internal static void StartBeforeInitialize(PythonApi api, MemoryTrackingOptions options)
    {
        options = options.Copy();
        options.Validate();
        if (!NativeTracker.IsAvailable)
        {
            throw new PlatformNotSupportedException(
                "Tracking from the interpreter's start needs the native tracker (" + NativeTracker.UnavailableReason + "); start the managed engine after initialization with MemoryTracker.Start.");
        }

        StartLocked(api, options);
    }

    private static void StartLocked(PythonApi api, MemoryTrackingOptions options)
    {
        lock (Gate)
        {
            if (s_running)
            {
                throw new InvalidOperationException("The memory tracker is already running; stop it first to start it with other options.");
            }

            TrackerEngine engine = s_engine ?? TrackerEngine.Select();
            engine.Restart(options);
            engine.Install(api);
            Volatile.Write(ref s_removedExternally, false);
            Volatile.Write(ref s_options, options);
            Volatile.Write(ref s_engine, engine);
            Volatile.Write(ref s_running, true);
            ApplyLimits(options.Limits);
            if (PyMemoryLoggers.Tracking.IsEnabled(LogLevel.Information))
            {
                PyMemoryLoggers.Tracking.TrackerStarted(
                    engine is NativeTrackerEngine ? "native" : "managed", options.SampleInterval, options.PeakResolution, Describe(options.Limits));
            }
        }
    }

    /// <summary>The limits for a log line.</summary>
    private static string Describe(MemoryLimits? limits)
    {
        if (limits == null)
        {
            return "none";
        }

        var parts = new List<string>();
        Add("total", limits.TotalBytes);
        Add("RAW", limits.RawBytes);
        Add("MEM", limits.MemBytes);
        Add("OBJ", limits.ObjBytes);
        Add("soft total", limits.SoftTotalBytes);
        parts.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"headroom {limits.HeadroomBytes} B"));
        return string.Join(", ", parts);

        void Add(string name, long? value)
        {
            if (value is { } bytes)
            {
                parts.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name} {bytes} B"));
            }
        }
    }

    private static void ApplyLimits(MemoryLimits? limits)
    {
        PmnLimits native = default;
        if (limits != null)
        {
            native.Hard[0] = limits.RawBytes ?? 0;
            native.Hard[1] = limits.MemBytes ?? 0;
            native.Hard[2] = limits.ObjBytes ?? 0;
            native.HardTotal = limits.TotalBytes ?? 0;
            native.SoftTotal = limits.SoftTotalBytes ?? 0;
            native.Headroom = limits.HeadroomBytes;
        }
        else
        {
            native.Headroom = MemoryLimits.DefaultHeadroom; // budget scopes keep theirs
        }

        s_engine!.SetLimits(native);
        Volatile.Write(ref s_limits, limits);
        if (limits?.SoftTotalBytes != null && s_softLimitWatcher == null)
        {
            s_softLimitWatcher = new Thread(WatchSoftLimit) { IsBackground = true, Name = "PyMemory soft limit" };
            s_softLimitWatcher.Start();
        }
    }

    private static void WatchSoftLimit()
    {
        while (true)
        {
            if (Volatile.Read(ref s_engine) is not { } engine || !engine.WaitSoftLimit(1000))
            {
                continue;
            }

            if (Volatile.Read(ref s_limits)?.SoftTotalBytes is not { } soft || !TryGetSnapshot(out MemorySnapshot snapshot))
            {
                continue;
            }

            PyMemoryLoggers.Tracking.SoftLimitExceeded(snapshot.Total.LiveBytes, soft);
            EventHandler<SoftLimitExceededEventArgs>? handlers = Volatile.Read(ref s_softLimitExceeded);
            if (handlers == null)
            {
                continue;
            }

            var args = new SoftLimitExceededEventArgs(soft, snapshot);
            foreach (EventHandler<SoftLimitExceededEventArgs> handler in handlers.GetInvocationList().Cast<EventHandler<SoftLimitExceededEventArgs>>())
            {
                try
                {
                    handler(null, args);
                }
                catch (Exception)
                {
                    // A handler's exception would end the process on this background thread; the event says so.
                }
            }
        }
    }

    private static void RequireAccounts(string what)
    {
        if (!Volatile.Read(ref s_running))
        {
            throw new InvalidOperationException($"{what} needs the tracker running: call MemoryTracker.Start (or set PythonRuntimeOptions.Tracking) first.");
        }

        if (!s_engine!.SupportsAccounts)
        {
            throw new PlatformNotSupportedException($"{what} needs the native tracker ({NativeTracker.UnavailableReason}); the managed engine counts figures and limits only.");
        }
    }

    private static DomainMemoryFigures Figures(in PmnDomainCounters c, long peak, MemoryDomain domain)
    {
        long live = (long)(c.BytesAllocated - c.BytesFreed);
        return new DomainMemoryFigures(
            live,
            (long)(c.Allocations - c.Frees),
            Math.Max(peak, live),
            (long)c.Allocations,
            (long)c.Frees,
            (long)c.Reallocations,
            (long)c.BytesAllocated,
            (long)c.BytesFreed,
            (long)c.Failed,
            (long)c.Rejected,
            (long)c.UntrackedFrees,
            Allocators.InjectedFaults.Count(domain));
    }
}
