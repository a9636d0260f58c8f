using PyMemory.Interop;
using PyMemory.Tests.Allocators;
using PyMemory.Tracking;

namespace PyMemory.Tests.Tracking;

/// <summary>The peak of live bytes: it follows a workload up, never goes down between snapshots, ResetPeak brings it
/// to the live bytes of the moment, and with PeakResolution = 0 it is exact to the byte.</summary>
[Collection(SerialAllocatorTests.Name)]
public sealed class TrackerPeakTests
{
    [Fact]
    public void With_resolution_zero_the_peak_is_exact_to_the_byte_per_domain_and_in_total()
    {
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0, PeakResolution = 0 });
        try
        {
            foreach (MemoryDomain domain in TrackerFigures.Domains)
            {
                MemoryTracker.ResetPeak();
                MemorySnapshot start = MemoryTracker.GetSnapshot();
                start[domain].PeakLiveBytes.ShouldBe(start[domain].LiveBytes, $"{domain}: ResetPeak");
                start.Total.PeakLiveBytes.ShouldBe(start.Total.LiveBytes);

                // Up by 1,000 blocks of 1,001 bytes (and one of 200 KB), down again, up half way: the peak is the top.
                var blocks = Enumerable.Range(0, 1000).Select(_ => RawDomainCalls.Malloc(api, domain, 1001)).ToList();
                nint large = RawDomainCalls.Malloc(api, domain, 200_000);
                RawDomainCalls.Free(api, domain, large);
                blocks.ForEach(b => RawDomainCalls.Free(api, domain, b));
                blocks = Enumerable.Range(0, 500).Select(_ => RawDomainCalls.Malloc(api, domain, 1001)).ToList();
                MemorySnapshot end = MemoryTracker.GetSnapshot();
                blocks.ForEach(b => RawDomainCalls.Free(api, domain, b));

                end[domain].PeakLiveBytes.ShouldBe(start[domain].LiveBytes + 1_001_000 + 200_000, $"{domain}");
                end.Total.PeakLiveBytes.ShouldBe(start.Total.LiveBytes + 1_001_000 + 200_000, $"{domain}: total");
                end[domain].LiveBytes.ShouldBe(start[domain].LiveBytes + 500_500);
            }
        }
        finally
        {
            MemoryTracker.Stop();
        }
    }

    /// <summary>Regression: a restart used to keep what threads held pending from the earlier run as an offset of the
    /// shared totals, so a thread that allocated nothing more kept the peak (and the limits) off by up to the earlier
    /// resolution for ever, even at PeakResolution 0.</summary>
    [Fact]
    public void A_restart_at_resolution_zero_is_exact_although_an_idle_thread_held_pending_bytes_from_the_earlier_run()
    {
        PythonApi api = PythonRuntime.Api;
        using var parked = new ManualResetEventSlim();
        using var allocated = new ManualResetEventSlim();
        nint block = 0;
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0 });
        var idle = new Thread(() =>
        {
            block = RawDomainCalls.Malloc(api, MemoryDomain.Raw, 30_000); // below the 64 KiB resolution: pending
            allocated.Set();
            parked.Wait();
        });
        try
        {
            idle.Start();
            allocated.Wait(FreshThread.Timeout).ShouldBeTrue();
            MemoryTracker.Stop();
            MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0, PeakResolution = 0 });
            MemoryTracker.ResetPeak();
            MemorySnapshot start = MemoryTracker.GetSnapshot();
            nint mine = RawDomainCalls.Malloc(api, MemoryDomain.Raw, 50_000);
            RawDomainCalls.Free(api, MemoryDomain.Raw, mine);
            MemorySnapshot end = MemoryTracker.GetSnapshot();

            start.Raw.PeakLiveBytes.ShouldBe(start.Raw.LiveBytes);
            start.Total.PeakLiveBytes.ShouldBe(start.Total.LiveBytes);
            end.Raw.PeakLiveBytes.ShouldBe(start.Raw.LiveBytes + 50_000);
            end.Total.PeakLiveBytes.ShouldBe(start.Total.LiveBytes + 50_000);
        }
        finally
        {
            parked.Set();
            idle.Join(FreshThread.Timeout);
            RawDomainCalls.Free(api, MemoryDomain.Raw, block);
            MemoryTracker.Stop();
        }
    }

    [Fact]
    public void With_the_default_resolution_the_peak_follows_a_workload_never_drops_between_snapshots_and_resets_to_live()
    {
        using GilScope gil = GilScope.Enter();
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0 });
        try
        {
            long resolution = MemoryTracker.Options.PeakResolution;
            MemorySnapshot start = MemoryTracker.GetSnapshot();
            long lastPeak = start.Total.PeakLiveBytes;
            long highestLive = start.Total.LiveBytes;
            for (int round = 1; round <= 6; round++)
            {
                // Rounds 1-3 grow, 4-6 shrink: the peak keeps the highest.
                int megabytes = round <= 3 ? round * 4 : (7 - round) * 2;
                PyRun.Exec($"_fig_peak = [bytearray(1000) for _ in range({megabytes * 1000})]");
                MemorySnapshot now = MemoryTracker.GetSnapshot();
                highestLive = Math.Max(highestLive, now.Total.LiveBytes);
                now.Total.PeakLiveBytes.ShouldBeGreaterThanOrEqualTo(lastPeak, $"round {round}: the peak never drops");
                now.Total.PeakLiveBytes.ShouldBeGreaterThanOrEqualTo(highestLive, $"round {round}: at least every live value a snapshot saw");
                now.Obj.PeakLiveBytes.ShouldBeGreaterThanOrEqualTo(now.Obj.LiveBytes);
                now.Raw.PeakLiveBytes.ShouldBeGreaterThanOrEqualTo(now.Raw.LiveBytes);
                lastPeak = now.Total.PeakLiveBytes;
            }

            // The top was in round 3 (12 MB of bytearrays, replaced one by one: old and new list overlap), and one
            // thread allocated, so the peak is the true one to within one resolution per domain.
            lastPeak.ShouldBeGreaterThan(start.Total.LiveBytes + 12_000_000);
            lastPeak.ShouldBeLessThan(start.Total.LiveBytes + 30_000_000);

            PyRun.Exec("del _fig_peak");
            MemoryTracker.ResetPeak();
            MemorySnapshot reset = MemoryTracker.GetSnapshot();
            reset.Total.PeakLiveBytes.ShouldBeLessThan(lastPeak - 10_000_000);
            reset.Total.PeakLiveBytes.ShouldBeInRange(reset.Total.LiveBytes, reset.Total.LiveBytes + (3 * resolution));
            foreach (MemoryDomain domain in TrackerFigures.Domains)
            {
                reset[domain].PeakLiveBytes.ShouldBeInRange(reset[domain].LiveBytes, reset[domain].LiveBytes + resolution, $"{domain}");
            }
        }
        finally
        {
            MemoryTracker.Stop();
        }
    }
}
