using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using PyMemory.Diagnostics;
using PyMemory.Tracking;

namespace PyMemory.Tests.Diagnostics.Metrics;

[Collection(UsesPython.Name)]
public sealed class PyMemoryMeterTests
{
    private static readonly string[] DomainTags = [PyMemoryMetrics.MemDomain, PyMemoryMetrics.ObjDomain, PyMemoryMetrics.RawDomain];

    private static readonly string[] TrackerInstruments =
    [
        PyMemoryMetrics.LiveBytes, PyMemoryMetrics.LiveBlocks, PyMemoryMetrics.PeakLiveBytes, PyMemoryMetrics.Allocations,
        PyMemoryMetrics.BytesAllocated, PyMemoryMetrics.Frees, PyMemoryMetrics.Rejections, PyMemoryMetrics.Failures,
    ];

    [Fact]
    public void The_runtime_created_the_meter_without_a_factory()
    {
        Meter meter = PyMemoryMetrics.Meter.ShouldNotBeNull();
        meter.Name.ShouldBe("PyMemory");
        meter.Version.ShouldBe(PyMemoryMetrics.Version);
        PyMemoryMetrics.Version.ShouldStartWith("0."); // the package version, without SourceLink's "+commit"
        PyMemoryMetrics.Version.ShouldNotContain("+");
        meter.Scope.ShouldBeNull();
    }

    [Fact]
    public void Every_instrument_has_its_kind_unit_and_a_description()
    {
        using var probe = new MeterProbe();
        string[] table = [.. probe.Instruments.Select(i => $"{i.Name} {i.GetType().Name} {i.Unit}").Order(StringComparer.Ordinal)];
        table.ShouldBe(
        [
            "pymemory.gil.wait.duration Histogram`1 s",
            "pymemory.handle.count ObservableUpDownCounter`1 {handle}",
            "pymemory.memory.allocations ObservableCounter`1 {allocation}",
            "pymemory.memory.block.count ObservableUpDownCounter`1 {block}",
            "pymemory.memory.failures ObservableCounter`1 {allocation}",
            "pymemory.memory.frees ObservableCounter`1 {free}",
            "pymemory.memory.injected_faults ObservableCounter`1 {allocation}",
            "pymemory.memory.live ObservableUpDownCounter`1 By",
            "pymemory.memory.peak ObservableGauge`1 By",
            "pymemory.memory.rejections ObservableCounter`1 {allocation}",
            "pymemory.memory.total_allocated ObservableCounter`1 By",
            "pymemory.release_queue.length ObservableUpDownCounter`1 {handle}",
        ]);
        probe.Instruments.ShouldAllBe(i => !string.IsNullOrWhiteSpace(i.Description));
        probe.Instruments.Single(i => i.Name == PyMemoryMetrics.GilWait).ShouldBeOfType<Histogram<double>>();
    }

    [Fact]
    public void Tracker_instruments_report_the_snapshot_figures_of_each_domain()
    {
        MemoryTracker.Start();
        try
        {
            using var probe = new MeterProbe();
            using RawBlock raw = RawBlock.Allocate(4 << 20);
            using GilScope gil = GilScope.Enter();
            PyRun.Exec("_metrics_kept = [bytearray(1000) for _ in range(5000)]");

            // With the GIL held here, MEM and OBJ cannot change while the instruments are read; RAW can (other
            // threads), so its figures are checked against the snapshots on either side.
            MemorySnapshot before = MemoryTracker.GetSnapshot();
            Dictionary<(string Instrument, string Tag), long> seen = probe.Observe();
            MemorySnapshot after = MemoryTracker.GetSnapshot();
            PyRun.Exec("del _metrics_kept");

            foreach (MemoryDomain domain in (ReadOnlySpan<MemoryDomain>)[MemoryDomain.Raw, MemoryDomain.Mem, MemoryDomain.Obj])
            {
                string tag = domain.ToString().ToLowerInvariant();
                foreach ((string name, Func<DomainMemoryFigures, long> figure) in Figures())
                {
                    long value = seen[(name, tag)];
                    long low = Math.Min(figure(before[domain]), figure(after[domain]));
                    long high = Math.Max(figure(before[domain]), figure(after[domain]));
                    if (domain != MemoryDomain.Raw)
                    {
                        low.ShouldBe(high, $"{name} {tag} changed while the GIL was held here");
                    }

                    value.ShouldBeInRange(low, high, $"{name} {tag}");
                }
            }

            seen[(PyMemoryMetrics.LiveBytes, PyMemoryMetrics.RawDomain)].ShouldBeGreaterThanOrEqualTo(4 << 20);
            (seen[(PyMemoryMetrics.LiveBytes, PyMemoryMetrics.MemDomain)] + seen[(PyMemoryMetrics.LiveBytes, PyMemoryMetrics.ObjDomain)]).ShouldBeGreaterThan(5_000_000);
            seen[(PyMemoryMetrics.Allocations, PyMemoryMetrics.ObjDomain)].ShouldBeGreaterThan(5000);
            seen[(PyMemoryMetrics.PeakLiveBytes, "")].ShouldBeInRange(before.Total.PeakLiveBytes, after.Total.PeakLiveBytes);
            seen.Keys.Where(k => k.Instrument == PyMemoryMetrics.LiveBytes).Select(k => k.Tag).Order(StringComparer.Ordinal).ShouldBe(DomainTags);
        }
        finally
        {
            MemoryTracker.Stop();
        }
    }

    [Fact]
    public void Tracker_instruments_report_nothing_while_the_tracker_is_stopped_and_the_others_still_report()
    {
        MemoryTracker.IsRunning.ShouldBeFalse();
        using var probe = new MeterProbe();
        Dictionary<(string Instrument, string Tag), long> seen = probe.Observe();
        seen.Keys.Where(k => TrackerInstruments.Contains(k.Instrument)).ShouldBeEmpty();
        seen.Keys.Where(k => k.Instrument == PyMemoryMetrics.InjectedFaults).Select(k => k.Tag).Order(StringComparer.Ordinal).ShouldBe(DomainTags);
        seen.ShouldContainKey((PyMemoryMetrics.PendingReleases, ""));
        seen.Keys.Where(k => k.Instrument == PyMemoryMetrics.LiveHandles).Select(k => k.Tag).Order(StringComparer.Ordinal).ShouldBe(
            [PyMemoryMetrics.PyMemBlockType, PyMemoryMetrics.PyObjectBlockType, PyMemoryMetrics.PyObjectHandleType, PyMemoryMetrics.RawBlockType]);
    }

    [Fact]
    public void Handle_and_fault_instruments_follow_live_handles_and_the_fault_counters()
    {
        using var probe = new MeterProbe();
        LiveHandleCounts before = LiveHandles.Snapshot();
        RawBlock[] blocks = [RawBlock.Allocate(16), RawBlock.Allocate(16), RawBlock.Allocate(16)];
        Dictionary<(string Instrument, string Tag), long> held;
        try
        {
            held = probe.Observe();
        }
        finally
        {
            foreach (RawBlock block in blocks)
            {
                block.Dispose();
            }
        }

        Dictionary<(string Instrument, string Tag), long> released = probe.Observe();

        // Other test classes may hold RAW blocks meanwhile: the three of this test show as a difference.
        (held[(PyMemoryMetrics.LiveHandles, PyMemoryMetrics.RawBlockType)] - before.RawBlocks).ShouldBeGreaterThanOrEqualTo(3);
        (held[(PyMemoryMetrics.LiveHandles, PyMemoryMetrics.RawBlockType)] - released[(PyMemoryMetrics.LiveHandles, PyMemoryMetrics.RawBlockType)]).ShouldBe(3);
        // The queue's value itself is checked in a child (ReleaseQueueMetricTests): here a finalizer or another
        // thread's scope may change it between any two reads.
        held.ShouldContainKey((PyMemoryMetrics.PendingReleases, ""));
        foreach (MemoryDomain domain in (ReadOnlySpan<MemoryDomain>)[MemoryDomain.Raw, MemoryDomain.Mem, MemoryDomain.Obj])
        {
            released[(PyMemoryMetrics.InjectedFaults, domain.ToString().ToLowerInvariant())].ShouldBe(PyMemory.Allocators.InjectedFaults.Count(domain));
        }
    }

    [Fact]
    public void MetricCollector_sees_live_bytes_per_domain_with_their_unit()
    {
        MemoryTracker.Start();
        try
        {
            using RawBlock raw = RawBlock.Allocate(1 << 20);
            using var collector = new MetricCollector<long>(PyMemoryMetrics.Meter!, PyMemoryMetrics.LiveBytes);
            collector.RecordObservableInstruments();
            IReadOnlyList<CollectedMeasurement<long>> measurements = collector.GetMeasurementSnapshot();
            collector.Instrument!.Unit.ShouldBe("By");
            measurements.Select(m => (string)m.Tags[PyMemoryMetrics.DomainTag]!).Order(StringComparer.Ordinal).ShouldBe(DomainTags);
            measurements.Single(m => m.MatchesTags(new KeyValuePair<string, object?>(PyMemoryMetrics.DomainTag, PyMemoryMetrics.RawDomain))).Value.ShouldBeGreaterThanOrEqualTo(1 << 20);
        }
        finally
        {
            MemoryTracker.Stop();
        }
    }

    [Fact]
    public void Reading_every_observable_instrument_allocates_nothing()
    {
        MeasurementValue.WritesInPlace.ShouldBeTrue("Measurement<long>'s layout changed: values can no longer be rewritten in place");
        MemoryTracker.Start();
        try
        {
            using RawBlock raw = RawBlock.Allocate(1000); // so that some figures are not zero
            long sum = 0;
            int measurements = 0;
            using var listener = new MeterListener();
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, PyMemoryMetrics.Meter) && instrument.IsObservable)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
            {
                sum += value;
                measurements++;
            });
            listener.Start();
            listener.RecordObservableInstruments(); // this thread's buffers are made here, once

            // The whole collection: the runtime's walk over the instruments, PyMemory's callbacks, the listener's.
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                listener.RecordObservableInstruments();
            }

            long perCollection = (GC.GetAllocatedBytesForCurrentThread() - allocated) / 1000;
            measurements.ShouldBe(1001 * ((7 * 3) + 1 + 1 + 4 + 3)); // 7 tracker figures per domain, the peak, the queue, 4 handle types, 3 fault domains
            sum.ShouldBeGreaterThan(0);
            perCollection.ShouldBe(0);
        }
        finally
        {
            MemoryTracker.Stop();
        }
    }

    [Fact]
    public void A_measurement_written_in_place_keeps_its_tags()
    {
        KeyValuePair<string, object?> tag = new(PyMemoryMetrics.DomainTag, PyMemoryMetrics.ObjDomain);
        var measurement = new Measurement<long>(1, tag);
        MeasurementValue.Set(ref measurement, 123_456_789_012);
        measurement.Value.ShouldBe(123_456_789_012);
        measurement.Tags.ToArray().ShouldBe([tag]);
    }

    private static IEnumerable<(string Name, Func<DomainMemoryFigures, long> Figure)> Figures() =>
    [
        (PyMemoryMetrics.LiveBytes, f => f.LiveBytes),
        (PyMemoryMetrics.LiveBlocks, f => f.LiveBlocks),
        (PyMemoryMetrics.Allocations, f => f.Allocations),
        (PyMemoryMetrics.BytesAllocated, f => f.BytesAllocated),
        (PyMemoryMetrics.Frees, f => f.Frees),
        (PyMemoryMetrics.Rejections, f => f.RejectedAllocations),
        (PyMemoryMetrics.Failures, f => f.FailedAllocations),
    ];
}
