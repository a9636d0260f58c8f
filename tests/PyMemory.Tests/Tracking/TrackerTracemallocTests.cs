using PyMemory.Allocators;
using PyMemory.Interop;
using PyMemory.Tests.Allocators;
using PyMemory.Tracking;

namespace PyMemory.Tests.Tracking;

/// <summary>
/// The tracker and tracemalloc in either order. tracemalloc started first sits below the tracker; started after, it
/// wraps the tracker, which cannot stop until tracemalloc.stop(). tracemalloc.stop() restores the allocators it saved
/// when it started, so stopping a tracemalloc that was started before the tracker drops the tracker from the chain:
/// counting stops there, and Stop() then succeeds and says so (<see cref="MemoryTracker.WasRemovedExternally"/>).
/// </summary>
[Collection(SerialAllocatorTests.Name)]
public sealed class TrackerTracemallocTests
{
    [Fact]
    public void Tracemalloc_started_before_the_tracker_sits_below_it_and_every_domain_stays_exact()
    {
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        PyRun.Exec("import tracemalloc; tracemalloc.start()");
        try
        {
            MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0 });
            try
            {
                PythonAllocators.Describe().PyMemoryHooks.ShouldBe(["RAW: MemoryTracker", "MEM: MemoryTracker", "OBJ: MemoryTracker"]);

                // tracemalloc's own bookkeeping goes to the allocators it saved (below the tracker): not counted.
                foreach (MemoryDomain domain in TrackerFigures.Domains)
                {
                    ShouldBeExact(api, domain);
                }

                PyRun.EvalToString("tracemalloc.is_tracing()").ShouldBe("True");
            }
            finally
            {
                MemoryTracker.Stop().ShouldBeTrue();
                MemoryTracker.WasRemovedExternally.ShouldBeFalse();
            }

            PyRun.EvalToString("tracemalloc.get_traced_memory()[0] > 0").ShouldBe("True");
        }
        finally
        {
            PyRun.Exec("tracemalloc.stop()");
        }

        PythonAllocators.Describe().HasUnknownAllocators.ShouldBeFalse();
    }

    [Fact]
    public void Tracemalloc_started_after_the_tracker_wraps_it_MEM_and_OBJ_stay_exact_and_Stop_waits_for_tracemalloc_stop()
    {
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0 });
        try
        {
            PyRun.Exec("import tracemalloc; tracemalloc.start()");
            try
            {
                // tracemalloc now calls the tracker for every block, and its traces come from RAW through the tracker
                // too: MEM and OBJ are exact, RAW also holds tracemalloc's own memory (it is Python's memory).
                ShouldBeExact(api, MemoryDomain.Mem);
                ShouldBeExact(api, MemoryDomain.Obj);
                MemorySnapshot before = MemoryTracker.GetSnapshot();
                DomainMemoryFigures raw = TrackerWorkload.Run(api, MemoryDomain.Raw);
                MemorySnapshot after = MemoryTracker.GetSnapshot();
                after.Raw.Since(before.Raw).Allocations.ShouldBeGreaterThanOrEqualTo(raw.Allocations);
                after.Raw.Since(before.Raw).BytesAllocated.ShouldBeGreaterThanOrEqualTo(raw.BytesAllocated);

                InvalidOperationException refused = Should.Throw<InvalidOperationException>(() => MemoryTracker.Stop());
                refused.Message.ShouldContain("tracemalloc");
                MemoryTracker.IsRunning.ShouldBeTrue();
                ShouldBeExact(api, MemoryDomain.Obj); // the refusal changed nothing
            }
            finally
            {
                PyRun.Exec("tracemalloc.stop()");
            }

            // tracemalloc restored what it wrapped: the tracker, still counting.
            PythonAllocators.Describe().PyMemoryHooks.ShouldBe(["RAW: MemoryTracker", "MEM: MemoryTracker", "OBJ: MemoryTracker"]);
            foreach (MemoryDomain domain in TrackerFigures.Domains)
            {
                ShouldBeExact(api, domain);
            }
        }
        finally
        {
            MemoryTracker.Stop().ShouldBeTrue();
        }

        MemoryTracker.WasRemovedExternally.ShouldBeFalse();
    }

    [Fact]
    public void Tracemalloc_stop_drops_a_tracker_started_while_it_traced_counting_stops_and_Stop_succeeds_saying_so()
    {
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        AllocatorFunctions original = PythonAllocators.Get(MemoryDomain.Obj);
        PyRun.Exec("import tracemalloc; tracemalloc.start()");
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0 });
        nint tracked = RawDomainCalls.Malloc(api, MemoryDomain.Obj, 300);
        try
        {
            PyRun.Exec("tracemalloc.stop()");

            // The tracker is out of every chain: nothing is counted any more, and nothing breaks.
            PythonAllocators.Get(MemoryDomain.Obj).ShouldBe(original);
            PythonAllocators.Describe().PyMemoryHooks.ShouldBeEmpty();
            MemorySnapshot dropped = MemoryTracker.GetSnapshot();
            _ = TrackerWorkload.Run(api, MemoryDomain.Obj);
            RawDomainCalls.Free(api, MemoryDomain.Obj, tracked); // a tracked block, freed without the tracker
            PyRun.Exec("_fig_dropped = [str(i) for i in range(1000)]; del _fig_dropped");
            MemoryTracker.GetSnapshot().ShouldBe(dropped);
        }
        finally
        {
            MemoryTracker.Stop().ShouldBeTrue();
        }

        MemoryTracker.WasRemovedExternally.ShouldBeTrue();
        MemoryTracker.IsRunning.ShouldBeFalse();
        PythonAllocators.Get(MemoryDomain.Obj).ShouldBe(original);

        // It starts again cleanly, and the block it tracked before (freed without it) misleads nothing.
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0 });
        try
        {
            MemoryTracker.WasRemovedExternally.ShouldBeFalse();
            ShouldBeExact(api, MemoryDomain.Obj);
        }
        finally
        {
            MemoryTracker.Stop().ShouldBeTrue();
        }
    }

    private static void ShouldBeExact(PythonApi api, MemoryDomain domain)
    {
        MemorySnapshot before = MemoryTracker.GetSnapshot();
        DomainMemoryFigures expected = TrackerWorkload.Run(api, domain);
        MemorySnapshot after = MemoryTracker.GetSnapshot();
        after[domain].Since(before[domain]).ShouldBe(expected, $"{domain}");
    }
}
