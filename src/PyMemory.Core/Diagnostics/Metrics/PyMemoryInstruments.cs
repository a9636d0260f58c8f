using System.Diagnostics.Metrics;
using PyMemory.Allocators;
using PyMemory.Tracking;

namespace PyMemory.Diagnostics;

/// <summary>
/// The instruments of the <c>PyMemory</c> meter and their callbacks (docs/metrics.md lists them). Every observable
/// callback reads counters that PyMemory keeps anyway: no Python call, no GIL, no lock, no allocation once the calling
/// thread has its buffers.
/// </summary>
internal static class PyMemoryInstruments
{
    private static readonly KeyValuePair<string, object?>[][] NoTags = [[]];

    // In MemoryDomain order (the index is the domain's value).
    private static readonly KeyValuePair<string, object?>[][] DomainTags =
    [
        [new(PyMemoryMetrics.DomainTag, PyMemoryMetrics.RawDomain)],
        [new(PyMemoryMetrics.DomainTag, PyMemoryMetrics.MemDomain)],
        [new(PyMemoryMetrics.DomainTag, PyMemoryMetrics.ObjDomain)],
    ];

    // In LiveHandleCounts order.
    private static readonly KeyValuePair<string, object?>[][] HandleTags =
    [
        [new(PyMemoryMetrics.HandleTypeTag, PyMemoryMetrics.RawBlockType)],
        [new(PyMemoryMetrics.HandleTypeTag, PyMemoryMetrics.PyMemBlockType)],
        [new(PyMemoryMetrics.HandleTypeTag, PyMemoryMetrics.PyObjectBlockType)],
        [new(PyMemoryMetrics.HandleTypeTag, PyMemoryMetrics.PyObjectHandleType)],
    ];

    // Powers of about 10 from 1 µs to 10 s: an uncontended take is a few microseconds, a contended one lasts as long as
    // another thread holds the GIL (CPython's switch interval is 5 ms).
    private static readonly double[] GilWaitBoundaries =
        [0.000_001, 0.000_005, 0.000_01, 0.000_05, 0.000_1, 0.000_5, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];

    // One buffer per instrument on each thread that collects (see MeasurementBuffer); indexed by Figure.
    [ThreadStatic]
    private static MeasurementBuffer?[]? t_buffers;

    private enum Figure
    {
        LiveBytes,
        LiveBlocks,
        PeakLiveBytes,
        Allocations,
        BytesAllocated,
        Frees,
        Rejections,
        Failures,
        InjectedFaults,
        PendingReleases,
        LiveHandles,
        Count,
    }

    /// <summary>Creates every instrument on <paramref name="meter"/>.</summary>
    /// <returns>The GIL-wait histogram, which <see cref="GilScope"/> records into.</returns>
    public static Histogram<double> Create(Meter meter)
    {
        meter.CreateObservableUpDownCounter(PyMemoryMetrics.LiveBytes, static () => Observe(Figure.LiveBytes), "By",
            "Bytes requested by the blocks allocated now, per domain (the memory tracker's live bytes).");
        meter.CreateObservableUpDownCounter(PyMemoryMetrics.LiveBlocks, static () => Observe(Figure.LiveBlocks), "{block}",
            "Blocks allocated now, per domain (the memory tracker's live blocks).");
        meter.CreateObservableGauge(PyMemoryMetrics.PeakLiveBytes, static () => Observe(Figure.PeakLiveBytes), "By",
            "The highest total of live bytes in all domains since the tracker started or its peak was reset.");
        meter.CreateObservableCounter(PyMemoryMetrics.Allocations, static () => Observe(Figure.Allocations), "{allocation}",
            "Successful allocations since the tracker started, per domain.");
        meter.CreateObservableCounter(PyMemoryMetrics.BytesAllocated, static () => Observe(Figure.BytesAllocated), "By",
            "Bytes requested by every allocation (and the new size of every realloc) since the tracker started, per domain.");
        meter.CreateObservableCounter(PyMemoryMetrics.Frees, static () => Observe(Figure.Frees), "{free}",
            "Frees of tracked blocks since the tracker started, per domain.");
        meter.CreateObservableCounter(PyMemoryMetrics.Rejections, static () => Observe(Figure.Rejections), "{allocation}",
            "Allocations the tracker refused because of a memory limit or a budget scope (Python raised MemoryError), per domain.");
        meter.CreateObservableCounter(PyMemoryMetrics.Failures, static () => Observe(Figure.Failures), "{allocation}",
            "Allocations the allocator below the tracker refused (out of memory, or a fault injected below it), per domain.");
        meter.CreateObservableCounter(PyMemoryMetrics.InjectedFaults, static () => Observe(Figure.InjectedFaults), "{allocation}",
            "Allocations a FailingAllocatorHook made fail in this process (fault injection), per domain.");
        meter.CreateObservableUpDownCounter(PyMemoryMetrics.PendingReleases, static () => Observe(Figure.PendingReleases), "{handle}",
            "Owners released without the GIL (by the finalizer, say) whose free waits for the next time PyMemory holds the GIL.");
        meter.CreateObservableUpDownCounter(PyMemoryMetrics.LiveHandles, static () => Observe(Figure.LiveHandles), "{handle}",
            "Live PyMemory handles that own native memory or a Python reference, per handle type.");
        return meter.CreateHistogram(PyMemoryMetrics.GilWait, "s",
            "How long GilScope.Enter waited to take the GIL, when it had to take it (not for nested or borrowed scopes).",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = GilWaitBoundaries });
    }

    private static IEnumerable<Measurement<long>> Observe(Figure figure)
    {
        switch (figure)
        {
            case Figure.InjectedFaults:
                // Not a tracker figure: counted by fault injection whether the tracker runs or not.
                return Domains(figure, InjectedFaults.Count(MemoryDomain.Raw), InjectedFaults.Count(MemoryDomain.Mem), InjectedFaults.Count(MemoryDomain.Obj));
            case Figure.PendingReleases:
                return One(figure, PendingReleases.Count);
            case Figure.LiveHandles:
                LiveHandleCounts handles = LiveHandles.Snapshot();
                MeasurementBuffer buffer = Buffer(figure, HandleTags);
                buffer.Set(0, handles.RawBlocks);
                buffer.Set(1, handles.PyMemBlocks);
                buffer.Set(2, handles.PyObjectBlocks);
                buffer.Set(3, handles.PyObjectHandles);
                return buffer.All();
        }

        // The tracker's figures: nothing while it is not running (its last figures stay frozen, and reporting them would
        // look like a process whose memory stopped changing).
        if (!MemoryTracker.IsRunning || !MemoryTracker.TryGetSnapshot(out MemorySnapshot snapshot))
        {
            return Array.Empty<Measurement<long>>();
        }

        return figure == Figure.PeakLiveBytes
            ? One(figure, snapshot.Total.PeakLiveBytes)
            : Domains(figure, Select(snapshot.Raw, figure), Select(snapshot.Mem, figure), Select(snapshot.Obj, figure));
    }

    private static long Select(in DomainMemoryFigures figures, Figure figure) => figure switch
    {
        Figure.LiveBytes => figures.LiveBytes,
        Figure.LiveBlocks => figures.LiveBlocks,
        Figure.Allocations => figures.Allocations,
        Figure.BytesAllocated => figures.BytesAllocated,
        Figure.Frees => figures.Frees,
        Figure.Rejections => figures.RejectedAllocations,
        Figure.Failures => figures.FailedAllocations,
        _ => throw new ArgumentOutOfRangeException(nameof(figure), figure, "Not a per-domain tracker figure."),
    };

    private static MeasurementBuffer Domains(Figure figure, long raw, long mem, long obj)
    {
        MeasurementBuffer buffer = Buffer(figure, DomainTags);
        buffer.Set(0, raw);
        buffer.Set(1, mem);
        buffer.Set(2, obj);
        return buffer.All();
    }

    private static MeasurementBuffer One(Figure figure, long value)
    {
        MeasurementBuffer buffer = Buffer(figure, NoTags);
        buffer.Set(0, value);
        return buffer.All();
    }

    private static MeasurementBuffer Buffer(Figure figure, KeyValuePair<string, object?>[][] tagSets)
    {
        MeasurementBuffer?[] buffers = t_buffers ??= new MeasurementBuffer?[(int)Figure.Count];
        return buffers[(int)figure] ??= new MeasurementBuffer(tagSets);
    }
}
