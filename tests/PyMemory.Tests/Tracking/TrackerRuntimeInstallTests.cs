using PyMemory.Interop;
using PyMemory.Tests.Allocators;
using PyMemory.Tracking;

namespace PyMemory.Tests.Tracking;

/// <summary>
/// Installing the tracker on a running interpreter: blocks from before it started are not its to count (their frees
/// are UntrackedFrees and change no live figure), and starting again after Stop forgets every block of the earlier run.
/// </summary>
[Collection(SerialAllocatorTests.Name)]
public sealed class TrackerRuntimeInstallTests
{
    [Fact]
    public void Blocks_from_before_Start_freed_after_it_are_untracked_frees_and_change_no_live_figure()
    {
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        var old = TrackerFigures.Domains.ToDictionary(d => d, d => (Small: RawDomainCalls.Malloc(api, d, 100), Large: RawDomainCalls.Malloc(api, d, 100_000), Moved: RawDomainCalls.Malloc(api, d, 48)));
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0 });
        try
        {
            foreach (MemoryDomain domain in TrackerFigures.Domains)
            {
                DomainMemoryFigures before = MemoryTracker.GetSnapshot()[domain];
                RawDomainCalls.Free(api, domain, old[domain].Small);
                RawDomainCalls.Free(api, domain, old[domain].Large);

                // A realloc of an old block makes it a tracked block of the new size.
                nint moved = RawDomainCalls.Realloc(api, domain, old[domain].Moved, 5000);
                DomainMemoryFigures afterRealloc = MemoryTracker.GetSnapshot()[domain];
                RawDomainCalls.Free(api, domain, moved);
                DomainMemoryFigures after = MemoryTracker.GetSnapshot()[domain];

                afterRealloc.Since(before).ShouldBe(new DomainMemoryFigures(5000, 1, 0, 1, 0, 1, 5000, 0, 0, 0, 2, 0), $"{domain}");
                after.Since(before).ShouldBe(new DomainMemoryFigures(0, 0, 0, 1, 1, 1, 5000, 5000, 0, 0, 2, 0), $"{domain}");
            }
        }
        finally
        {
            MemoryTracker.Stop();
        }
    }

    [Fact]
    public void Starting_again_after_Stop_restarts_every_figure_at_zero_and_forgets_the_earlier_runs_blocks()
    {
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        var options = new MemoryTrackingOptions { SampleInterval = 0 };
        MemoryTracker.Start(options);
        Dictionary<MemoryDomain, (nint Small, nint Large, nint Reused)> first;
        MemorySnapshot stopped;
        try
        {
            first = TrackerFigures.Domains.ToDictionary(d => d, d => (RawDomainCalls.Malloc(api, d, 100), RawDomainCalls.Malloc(api, d, 100_000), RawDomainCalls.Malloc(api, d, 64)));
            PyRun.Exec("_fig_restart = [str(i) for i in range(1000)]");
        }
        finally
        {
            MemoryTracker.Stop().ShouldBeTrue();
            stopped = MemoryTracker.GetSnapshot();
        }

        // While stopped, nothing is counted: the figures stay as they were.
        PyRun.Exec("del _fig_restart");
        nint whileStopped = RawDomainCalls.Malloc(api, MemoryDomain.Raw, 777);
        MemoryTracker.GetSnapshot().ShouldBe(stopped);
        stopped.Total.Allocations.ShouldBeGreaterThan(1000);

        // A block of the first run freed while stopped, its address reused by a block allocated while stopped: the
        // second run must not take the new block for the old one.
        foreach (MemoryDomain domain in TrackerFigures.Domains)
        {
            RawDomainCalls.Free(api, domain, first[domain].Reused);
        }

        var reused = TrackerFigures.Domains.ToDictionary(d => d, d => RawDomainCalls.Malloc(api, d, 64));

        MemoryTracker.Start(options);
        try
        {
            MemorySnapshot restarted = MemoryTracker.GetSnapshot();
            foreach (MemoryDomain domain in TrackerFigures.Domains)
            {
                restarted[domain].WithoutPeak().ShouldBe(default, $"{domain} restarts at zero");
            }

            restarted.Total.PeakLiveBytes.ShouldBe(0);
            foreach (MemoryDomain domain in TrackerFigures.Domains)
            {
                MemoryTracker.GetSizeHistogram(domain).Total.ShouldBe(0, $"{domain}: the histogram restarts too");
            }

            foreach (MemoryDomain domain in TrackerFigures.Domains)
            {
                RawDomainCalls.Free(api, domain, first[domain].Small);
                RawDomainCalls.Free(api, domain, first[domain].Large);
                RawDomainCalls.Free(api, domain, reused[domain]);
                MemoryTracker.GetSnapshot()[domain].WithoutPeak().ShouldBe(new DomainMemoryFigures(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0), $"{domain}: the first run's blocks are unknown to the second");
            }

            RawDomainCalls.Free(api, MemoryDomain.Raw, whileStopped);
            MemoryTracker.GetSnapshot().Raw.UntrackedFrees.ShouldBe(4);
        }
        finally
        {
            MemoryTracker.Stop();
        }
    }
}
