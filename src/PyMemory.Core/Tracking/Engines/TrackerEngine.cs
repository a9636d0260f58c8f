using PyMemory.Interop;
using PyMemory.Tracking.Native;

namespace PyMemory.Tracking.Engines;

/// <summary>
/// Where the counting happens: the native tracker (<see cref="NativeTrackerEngine"/>, Linux x64) or, on other platforms,
/// a C# hook (<see cref="ManagedTrackerEngine"/>). <see cref="MemoryTracker"/> keeps every rule (options, limits, the
/// soft-limit event, converting figures) and asks the engine only for these steps; both fill the native structs, so the
/// figures mean the same whichever engine counts.
/// </summary>
internal abstract unsafe class TrackerEngine
{
    /// <summary>The engine to use: native when its library is available, else managed.</summary>
    public static TrackerEngine Select() => NativeTracker.IsAvailable ? new NativeTrackerEngine() : new ManagedTrackerEngine();

    /// <summary>True when marks, budget scopes and sampling are available (native only).</summary>
    public abstract bool SupportsAccounts { get; }

    /// <summary>Prepares a start: figures back to zero, old blocks forgotten, the options applied.</summary>
    public abstract void Restart(MemoryTrackingOptions options);

    /// <summary>Puts the engine into the three domains' chains (the caller holds the GIL, or Python is not started).</summary>
    public abstract void Install(PythonApi api);

    /// <summary>Takes it out again.</summary>
    /// <returns>True when someone else had already taken it out of a domain (tracemalloc.stop()).</returns>
    /// <exception cref="InvalidOperationException">Something installed later wraps it; nothing was changed.</exception>
    public abstract bool Uninstall(PythonApi api);

    /// <summary>The figures now.</summary>
    public abstract void Read(PmnSnapshot* snapshot);

    /// <summary>One domain's size histogram (<see cref="PmnDomainCounters.Buckets"/> counts).</summary>
    public abstract void ReadHistogram(MemoryDomain domain, Span<ulong> counts);

    public abstract void ResetPeak();

    public abstract void SetLimits(in PmnLimits limits);

    /// <summary>Blocks until the soft limit is crossed upwards or the timeout passes; true when crossed.</summary>
    public abstract bool WaitSoftLimit(int timeoutMilliseconds);
}
