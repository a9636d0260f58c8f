using PyMemory.Allocators;
using PyMemory.Interop;
using PyMemory.Tracking.Native;

namespace PyMemory.Tracking.Engines;

/// <summary>The native tracker (src/PyMemory.Native): no call enters .NET, none takes a lock.</summary>
internal sealed unsafe class NativeTrackerEngine : TrackerEngine
{
    private readonly NativeTracker.Exports _tracker = NativeTracker.Api;
    private PythonAllocators.TrackerEntry[]? _entries;

    public override bool SupportsAccounts => true;

    public override void Restart(MemoryTrackingOptions options)
    {
        int error = _tracker.pmn_start();
        if (error != 0)
        {
            throw new InsufficientMemoryException($"The tracker could not reserve its size map (16 TiB of address space, never committed up front): error {error}. A limit on virtual memory (ulimit -v) prevents it.");
        }

        _tracker.pmn_restart();
        _tracker.pmn_set_resolution(options.PeakResolution);
        Sampling.SampleRecorder.Start(_tracker, options);
    }

    public override void Install(PythonApi api) => _entries = PythonAllocators.InstallTracker(api);

    public override bool Uninstall(PythonApi api)
    {
        bool removedExternally = false;
        if (_entries != null)
        {
            removedExternally = PythonAllocators.RemoveTracker(api, _entries);
            _entries = null;
        }

        PmnLimits none = default;
        _tracker.pmn_set_limits(&none);
        Sampling.SampleRecorder.Stop(_tracker);
        return removedExternally;
    }

    public override void Read(PmnSnapshot* snapshot) => _tracker.pmn_snapshot_read(snapshot);

    public override void ReadHistogram(MemoryDomain domain, Span<ulong> counts)
    {
        fixed (ulong* to = counts)
        {
            _tracker.pmn_histogram_read((int)domain, to);
        }
    }

    public override void ResetPeak() => _tracker.pmn_reset_peak();

    public override void SetLimits(in PmnLimits limits)
    {
        PmnLimits copy = limits;
        _tracker.pmn_set_limits(&copy);
    }

    public override bool WaitSoftLimit(int timeoutMilliseconds) => _tracker.pmn_wait_soft_limit(timeoutMilliseconds) != 0;
}
