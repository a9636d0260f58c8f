using OpenTelemetry;
using OpenTelemetry.Metrics;
using PyMemory.Diagnostics;
using PyMemory.Tracking;

namespace PyMemory.Tests.Diagnostics.Metrics;

[Collection(UsesPython.Name)]
public sealed class OpenTelemetryExportTests
{
    [Fact]
    public void A_meter_provider_with_AddMeter_PyMemory_exports_every_instrument_with_its_unit_and_tags()
    {
        MemoryTracker.Start();
        try
        {
            // Snapshots, not Metric objects: the SDK reuses those and updates them at every later collection.
            var exported = new List<MetricSnapshot>();
            using RawBlock raw = RawBlock.Allocate(1 << 20);
            using (MeterProvider provider = Sdk.CreateMeterProviderBuilder()
                .AddMeter(PyMemoryMetrics.MeterName)
                .AddInMemoryExporter(exported)
                .Build())
            {
                FreshThread.Run(() =>
                {
                    using GilScope gil = GilScope.Enter(); // a GIL wait to record
                    PyRun.Exec("_otel_kept = [bytearray(100) for _ in range(1000)]\ndel _otel_kept");
                });
                provider.ForceFlush().ShouldBeTrue();
            }

            string[] names = [.. exported.Select(m => m.Name).Distinct().Order(StringComparer.Ordinal)];
            names.ShouldBe(
            [
                PyMemoryMetrics.GilWait, PyMemoryMetrics.LiveHandles, PyMemoryMetrics.Allocations, PyMemoryMetrics.LiveBlocks,
                PyMemoryMetrics.Failures, PyMemoryMetrics.Frees, PyMemoryMetrics.InjectedFaults, PyMemoryMetrics.LiveBytes,
                PyMemoryMetrics.PeakLiveBytes, PyMemoryMetrics.Rejections, PyMemoryMetrics.BytesAllocated, PyMemoryMetrics.PendingReleases,
            ]);

            MetricSnapshot live = exported.First(m => m.Name == PyMemoryMetrics.LiveBytes);
            live.Unit.ShouldBe("By");
            live.MetricType.ShouldBe(MetricType.LongSumNonMonotonic);
            live.MeterName.ShouldBe(PyMemoryMetrics.MeterName);
            var perDomain = new Dictionary<string, long>();
            foreach (MetricPoint point in live.MetricPoints)
            {
                foreach (KeyValuePair<string, object?> tag in point.Tags)
                {
                    tag.Key.ShouldBe(PyMemoryMetrics.DomainTag);
                    perDomain[(string)tag.Value!] = point.GetSumLong();
                }
            }

            perDomain.Keys.Order(StringComparer.Ordinal).ShouldBe([PyMemoryMetrics.MemDomain, PyMemoryMetrics.ObjDomain, PyMemoryMetrics.RawDomain]);
            perDomain[PyMemoryMetrics.RawDomain].ShouldBeGreaterThanOrEqualTo(1 << 20);

            exported.First(m => m.Name == PyMemoryMetrics.Allocations).MetricType.ShouldBe(MetricType.LongSum);
            exported.First(m => m.Name == PyMemoryMetrics.PeakLiveBytes).MetricType.ShouldBe(MetricType.LongGauge);
            MetricSnapshot gil = exported.First(m => m.Name == PyMemoryMetrics.GilWait);
            gil.MetricType.ShouldBe(MetricType.Histogram);
            gil.Unit.ShouldBe("s");
            long count = 0;
            int buckets = 0;
            foreach (MetricPoint point in gil.MetricPoints)
            {
                count += point.GetHistogramCount();
                foreach (HistogramBucket bucket in point.GetHistogramBuckets())
                {
                    buckets++;
                }
            }

            count.ShouldBeGreaterThanOrEqualTo(1);
            buckets.ShouldBe(16); // the 15 advised boundaries, and the bucket above them
        }
        finally
        {
            MemoryTracker.Stop();
        }
    }
}
