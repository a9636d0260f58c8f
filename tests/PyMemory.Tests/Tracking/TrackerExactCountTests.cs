using PyMemory.Allocators;
using PyMemory.Interop;
using PyMemory.Tests.Allocators;
using PyMemory.Tracking;

namespace PyMemory.Tests.Tracking;

/// <summary>
/// The tracker's figures against independent counts: the figures a known set of calls must add, a plain C# counting
/// hook below and above the tracker, and CPython's own <c>sys.getallocatedblocks()</c>. In the serial allocator
/// collection: nothing else runs meanwhile, so every call in the process is part of the workload.
/// </summary>
[Collection(SerialAllocatorTests.Name)]
public sealed class TrackerExactCountTests
{
    // A Python workload on top of the direct calls: objects of many sizes, dicts and lists that grow (reallocs),
    // strings, a large bytearray (a side-table block), some kept alive past the comparison.
    private const string PythonWorkload =
        "import json\n" +
        "_fig_data = [{'k%d' % i: [i] * (i % 40), 's': 'x' * (i % 700)} for i in range(3000)]\n" +
        "_fig_text = json.dumps(_fig_data)\n" +
        "_fig_back = json.loads(_fig_text)\n" +
        "_fig_big = bytearray(300000)\n" +
        "del _fig_data, _fig_back\n";

    [Fact]
    public void Direct_calls_add_exactly_the_figures_worked_out_by_hand_in_every_domain()
    {
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0 });
        try
        {
            foreach (MemoryDomain domain in TrackerFigures.Domains)
            {
                DomainMemoryFigures before = MemoryTracker.GetSnapshot()[domain];
                DomainMemoryFigures expected = TrackerWorkload.Run(api, domain);
                DomainMemoryFigures after = MemoryTracker.GetSnapshot()[domain];
                after.Since(before).ShouldBe(expected, $"{domain}: before {before}, after {after}");
            }
        }
        finally
        {
            MemoryTracker.Stop();
        }
    }

    /// <summary>Inside a budget scope every block of the thread is charged, so its facts live in the side table instead
    /// of the size map: the figures must come out the same, for every domain.</summary>
    [Fact]
    public void Direct_calls_add_the_same_figures_when_every_block_goes_through_the_side_table()
    {
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0 });
        try
        {
            foreach (MemoryDomain domain in TrackerFigures.Domains)
            {
                DomainMemoryFigures before = MemoryTracker.GetSnapshot()[domain];
                DomainMemoryFigures expected;
                using (MemoryTracker.BeginBudget(1L << 40))
                {
                    // The workload's impossible request is now refused by the scope, before the allocator below.
                    expected = TrackerWorkload.Run(api, domain) with { FailedAllocations = 0, RejectedAllocations = 1 };
                }

                DomainMemoryFigures after = MemoryTracker.GetSnapshot()[domain];
                after.Since(before).ShouldBe(expected, $"{domain}: before {before}, after {after}");
            }
        }
        finally
        {
            MemoryTracker.Stop();
        }
    }

    [Fact]
    public void Figures_equal_a_counting_hook_installed_below_the_tracker()
    {
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        var hook = new TrackerReferenceHook();
        using AllocatorHookScope scope = hook.Install();
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0 });
        try
        {
            hook.Begin(); // the tracker's figures start at zero at Start: the hook's start at the same moment
            RunWorkload(api);
            hook.End();
            MemorySnapshot tracker = MemoryTracker.GetSnapshot();
            ShouldMatch(tracker, hook);
            PythonAllocators.Describe().PyMemoryHooks.ShouldBe(["RAW: MemoryTracker", "RAW: TrackerReferenceHook", "MEM: MemoryTracker", "MEM: TrackerReferenceHook", "OBJ: MemoryTracker", "OBJ: TrackerReferenceHook"]);

            // The tracker wraps the hook: removing the hook now would cut the tracker out too, so it is refused.
            Should.Throw<InvalidOperationException>(() => scope.Dispose());
            scope.IsActive.ShouldBeTrue();
        }
        finally
        {
            MemoryTracker.Stop().ShouldBeTrue();
            PyRun.Exec("del _fig_text, _fig_big");
        }
    }

    [Fact]
    public void Figures_equal_a_counting_hook_installed_above_the_tracker_which_cannot_stop_until_the_hook_is_gone()
    {
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        var hook = new TrackerReferenceHook();
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0 });
        try
        {
            MemorySnapshot start;
            using (AllocatorHookScope scope = hook.Install())
            {
                // Installing the hook allocates nothing in Python: the two counts start at the same moment.
                start = MemoryTracker.GetSnapshot();
                hook.Begin();
                RunWorkload(api);
                hook.End();
                MemorySnapshot tracker = MemoryTracker.GetSnapshot();
                start.Total.Allocations.ShouldBe(0, "nothing was allocated between Start and the hook's start");
                ShouldMatch(tracker, hook);

                InvalidOperationException refused = Should.Throw<InvalidOperationException>(() => MemoryTracker.Stop());
                refused.Message.ShouldContain("AllocatorHookScope");
                MemoryTracker.IsRunning.ShouldBeTrue();
                PythonAllocators.Describe().PyMemoryHooks.ShouldBe(["RAW: TrackerReferenceHook", "RAW: MemoryTracker", "MEM: TrackerReferenceHook", "MEM: MemoryTracker", "OBJ: TrackerReferenceHook", "OBJ: MemoryTracker"]);
            }

            // Still counting after the refusal: the chain was left as it was.
            MemorySnapshot before = MemoryTracker.GetSnapshot();
            DomainMemoryFigures expected = TrackerWorkload.Run(api, MemoryDomain.Raw);
            MemoryTracker.GetSnapshot().Raw.Since(before.Raw).ShouldBe(expected);
        }
        finally
        {
            MemoryTracker.Stop().ShouldBeTrue();
            PyRun.Exec("del _fig_text, _fig_big");
        }

        MemoryTracker.IsRunning.ShouldBeFalse();
        PythonAllocators.Describe().PyMemoryHooks.ShouldBeEmpty();
    }

    /// <summary>
    /// sys.getallocatedblocks() counts the blocks pymalloc serves: MEM and OBJ requests of 1 to 512 bytes (less the
    /// debug hooks' 24 bytes of guards when they are on). Zero-byte and larger requests go to RAW's malloc and are not
    /// in it; blocks of other domains neither. So the comparable figure is the change in live MEM and OBJ blocks of a
    /// workload made of small blocks only, read around it with the reading's own cost measured first.
    /// </summary>
    [Fact]
    public void Live_small_MEM_and_OBJ_blocks_change_exactly_as_sys_getallocatedblocks_does()
    {
        if (!AllocatorUnderTest.PresetName.StartsWith("pymalloc", StringComparison.Ordinal))
        {
            return; // sys.getallocatedblocks() is 0 without pymalloc: nothing to compare with (xunit 2 has no dynamic skip)
        }

        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0 });
        var kept = new List<(MemoryDomain Domain, nint Block)>();
        try
        {
            long Read() => long.Parse(PyRun.EvalToString("__import__('sys').getallocatedblocks()"), System.Globalization.CultureInfo.InvariantCulture);
            _ = Read();
            long g0 = Read();
            long g1 = Read();
            long readingCost = g1 - g0;

            MemorySnapshot before = MemoryTracker.GetSnapshot();
            for (int i = 0; i < 3000; i++)
            {
                MemoryDomain domain = i % 3 == 0 ? MemoryDomain.Mem : MemoryDomain.Obj;
                nint block = RawDomainCalls.Malloc(api, domain, (nuint)(1 + (i * 7 % 480)));
                if (i % 4 == 0)
                {
                    RawDomainCalls.Free(api, domain, block);
                }
                else
                {
                    kept.Add((domain, block));
                }
            }

            MemorySnapshot after = MemoryTracker.GetSnapshot();
            long g2 = Read();
            long tracked = after.Mem.LiveBlocks + after.Obj.LiveBlocks - before.Mem.LiveBlocks - before.Obj.LiveBlocks;
            tracked.ShouldBe(2250);
            (g2 - g1 - readingCost).ShouldBe(tracked, $"getallocatedblocks {g0}, {g1}, {g2}");
        }
        finally
        {
            foreach ((MemoryDomain domain, nint block) in kept)
            {
                RawDomainCalls.Free(api, domain, block);
            }

            MemoryTracker.Stop();
        }
    }

    private static void RunWorkload(PythonApi api)
    {
        foreach (MemoryDomain domain in TrackerFigures.Domains)
        {
            _ = TrackerWorkload.Run(api, domain);
        }

        PyRun.Exec(PythonWorkload);
    }

    private static void ShouldMatch(MemorySnapshot tracker, TrackerReferenceHook hook)
    {
        foreach (MemoryDomain domain in TrackerFigures.Domains)
        {
            DomainMemoryFigures figures = tracker[domain].WithoutPeak();
            figures.ShouldBe(hook.Figures(domain), $"{domain}");
            figures.Allocations.ShouldBeGreaterThan(domain == MemoryDomain.Raw ? 20 : 1000, $"{domain}: the workload ran");
        }
    }
}
