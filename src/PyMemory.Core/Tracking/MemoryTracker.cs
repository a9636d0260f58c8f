using PyMemory.Allocators;
using PyMemory.Interop;
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
/// like an <see cref="AllocatorHookScope"/>. Its memory is the size map (2 bytes per 16 bytes of address range that
/// holds tracked blocks, in a reserved region of 16 TiB of address space) and an entry per large or sampled block.</para>
/// <para>Needs the native library, built for Linux x64 (<see cref="IsNativeEngineAvailable"/>).</para>
/// </remarks>
public static unsafe partial class MemoryTracker
{
    private static readonly Lock Gate = new();
    private static PythonAllocators.TrackerEntry[]? s_entries;
    private static MemoryTrackingOptions s_options = new();
    private static MemoryLimits? s_limits;
    private static bool s_everStarted;
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
    public static bool IsRunning => Volatile.Read(ref s_entries) != null;

    /// <summary>True when the last <see cref="Stop"/> found that someone else had already taken the tracker out of a
    /// domain's chain: <c>tracemalloc.stop()</c>, when tracemalloc was started before the tracker, restores the
    /// allocators it saved and so drops the tracker. The figures stopped changing at that moment, not at Stop.
    /// False again at the next start.</summary>
    public static bool WasRemovedExternally => Volatile.Read(ref s_removedExternally);

    /// <summary>True when the native tracker library is present and usable on this platform.</summary>
    public static bool IsNativeEngineAvailable => NativeTracker.IsAvailable;

    /// <summary>Why the native tracker cannot be used here (null when it can).</summary>
    public static string? NativeEngineUnavailableReason => NativeTracker.UnavailableReason;

    /// <summary>The options the tracker runs with (or last ran with).</summary>
    public static MemoryTrackingOptions Options => Volatile.Read(ref s_options);

    /// <summary>The limits in force; null when there are none. Setting applies at once to every thread; null removes
    /// them. Allocations refused so far are not retried, but the same code succeeds when run again.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is zero or negative, or the headroom is negative.</exception>
    /// <exception cref="InvalidOperationException">The tracker is not running (setting only).</exception>
    public static MemoryLimits? Limits
    {
        get => Volatile.Read(ref s_limits);
        set
        {
            value?.Validate();
            lock (Gate)
            {
                if (s_entries == null)
                {
                    throw new InvalidOperationException("Limits need the tracker: call MemoryTracker.Start (or set PythonRuntimeOptions.Tracking) first.");
                }

                ApplyLimits(value);
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
    /// <exception cref="PlatformNotSupportedException">The native tracker is not available
    /// (<see cref="NativeEngineUnavailableReason"/>).</exception>
    /// <exception cref="InsufficientMemoryException">The size map's address space could not be reserved (a limit on
    /// virtual memory such as <c>ulimit -v</c>).</exception>
    /// <exception cref="Interop.Loading.PythonLibraryLoadException">Python could not be found or loaded.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static void Start(MemoryTrackingOptions? options = null)
    {
        options ??= new MemoryTrackingOptions();
        options.Validate();
        RequireNative();
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
    /// <see cref="AllocatorHookScope"/>, tracemalloc) still wraps it: nothing is changed; remove that first.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static bool Stop()
    {
        if (!PythonRuntime.TryGetLiveApi(out PythonApi? api))
        {
            lock (Gate)
            {
                bool was = s_entries != null;
                Volatile.Write(ref s_entries, null);
                return was;
            }
        }

        using GilScope gil = GilScope.Enter();
        lock (Gate)
        {
            if (s_entries == null)
            {
                return false;
            }

            bool removedExternally = PythonAllocators.RemoveTracker(api, s_entries);
            NativeTracker.Exports tracker = NativeTracker.Api;
            PmnLimits none = default;
            tracker.pmn_set_limits(&none);
            Sampling.SampleRecorder.Stop(tracker);
            Volatile.Write(ref s_removedExternally, removedExternally);
            Volatile.Write(ref s_entries, null);
            return true;
        }
    }

    /// <summary>The figures now. No Python call, no GIL, no allocation: cheap enough for every request or metric read.</summary>
    /// <returns>The snapshot.</returns>
    /// <exception cref="InvalidOperationException">The tracker has never run in this process.</exception>
    public static MemorySnapshot GetSnapshot() =>
        TryGetSnapshot(out MemorySnapshot snapshot)
            ? snapshot
            : throw new InvalidOperationException("The memory tracker has not run in this process: call MemoryTracker.Start (or set PythonRuntimeOptions.Tracking) first.");

    /// <summary>The figures now, when the tracker has run in this process.</summary>
    /// <param name="snapshot">The figures; default when false.</param>
    /// <returns>False when the tracker has never run.</returns>
    public static bool TryGetSnapshot(out MemorySnapshot snapshot)
    {
        if (!Volatile.Read(ref s_everStarted))
        {
            snapshot = default;
            return false;
        }

        PmnSnapshot native;
        NativeTracker.Api.pmn_snapshot_read(&native, 0);
        snapshot = new MemorySnapshot(
            Figures(native.Raw, native.PeakLiveBytes[0]),
            Figures(native.Mem, native.PeakLiveBytes[1]),
            Figures(native.Obj, native.PeakLiveBytes[2]),
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
        PmnSnapshot native;
        NativeTracker.Api.pmn_snapshot_read(&native, 1);
        PmnDomainCounters counters = domain switch
        {
            MemoryDomain.Raw => native.Raw,
            MemoryDomain.Mem => native.Mem,
            _ => native.Obj,
        };
        var counts = new long[SizeHistogram.BucketCount];
        for (int i = 0; i < counts.Length; i++)
        {
            counts[i] = (long)counters.Histogram[i];
        }

        return new SizeHistogram(domain, counts);
    }

    /// <summary>Starts the peaks again from the live bytes now.</summary>
    /// <exception cref="InvalidOperationException">The tracker has never run in this process.</exception>
    public static void ResetPeak()
    {
        _ = GetSnapshot();
        NativeTracker.Api.pmn_reset_peak();
    }

    /// <summary>
    /// Takes a mark: from now until it is disposed, every block allocated (on any thread, in any domain) is remembered
    /// as young, and <see cref="MemoryMark.GetDiff"/> tells how many young blocks and bytes are still alive. One mark is
    /// open at a time.
    /// </summary>
    /// <returns>The mark; dispose it to stop marking.</returns>
    /// <exception cref="InvalidOperationException">The tracker is not running, or another mark is open.</exception>
    /// <exception cref="InsufficientMemoryException">The young map's address space could not be reserved.</exception>
    public static MemoryMark Mark()
    {
        lock (Gate)
        {
            RequireRunning("A mark");
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
    public static MemoryBudgetScope BeginBudget(long maxLiveBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLiveBytes);
        RequireRunning("A budget scope");
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

    /// <summary>Starts the tracker before <c>Py_InitializeEx</c> (from <see cref="PythonRuntime.Initialize"/>), after
    /// the library is loaded and <c>PYTHONMALLOC</c> and the debug hooks took effect.</summary>
    internal static void StartBeforeInitialize(PythonApi api, MemoryTrackingOptions options)
    {
        options.Validate();
        RequireNative();
        StartLocked(api, options);
    }

    private static void StartLocked(PythonApi api, MemoryTrackingOptions options)
    {
        lock (Gate)
        {
            if (s_entries != null)
            {
                throw new InvalidOperationException("The memory tracker is already running; stop it first to start it with other options.");
            }

            NativeTracker.Exports tracker = NativeTracker.Api;
            int error = tracker.pmn_start();
            if (error != 0)
            {
                throw new InsufficientMemoryException($"The tracker could not reserve its size map (16 TiB of address space, never committed up front): error {error}. A limit on virtual memory (ulimit -v) prevents it.");
            }

            tracker.pmn_restart();
            tracker.pmn_set_resolution(options.PeakResolution);
            Sampling.SampleRecorder.Start(tracker, options);
            Volatile.Write(ref s_removedExternally, false);
            Volatile.Write(ref s_entries, PythonAllocators.InstallTracker(api));
            Volatile.Write(ref s_options, options);
            Volatile.Write(ref s_everStarted, true);
            ApplyLimits(options.Limits);
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

        NativeTracker.Api.pmn_set_limits(&native);
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
            if (NativeTracker.Api.pmn_wait_soft_limit(1000) == 0)
            {
                continue;
            }

            EventHandler<SoftLimitExceededEventArgs>? handlers = Volatile.Read(ref s_softLimitExceeded);
            if (handlers == null || Volatile.Read(ref s_limits)?.SoftTotalBytes is not { } soft || !TryGetSnapshot(out MemorySnapshot snapshot))
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

    private static void RequireNative()
    {
        if (!NativeTracker.IsAvailable)
        {
            throw new PlatformNotSupportedException("The memory tracker needs its native library: " + NativeTracker.UnavailableReason);
        }
    }

    private static void RequireRunning(string what)
    {
        if (Volatile.Read(ref s_entries) == null)
        {
            throw new InvalidOperationException($"{what} needs the tracker running: call MemoryTracker.Start (or set PythonRuntimeOptions.Tracking) first.");
        }
    }

    private static DomainMemoryFigures Figures(in PmnDomainCounters c, long peak)
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
            (long)c.UntrackedFrees);
    }
}
