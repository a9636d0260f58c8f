using System.Runtime.InteropServices;
using PyMemory.Interop;
using PyMemory.Tracking;
using PyMemory.Tracking.Sampling;

namespace PyMemory.Tests.Tracking;

[Collection(UsesPython.Name)]
public sealed unsafe class SamplingTests
{
    // Two functions in a file of their own, allocating known sizes from known lines (lines 3 and 7).
    private const string SitesSource = """
        def keep_a(n):
            kept = []
            for _ in range(n): kept.append(bytearray(1000))
            return kept
        def keep_b(n):
            kept = []
            for _ in range(n): kept.append(bytearray(1000))
            return kept
        """;

    private static void DefineSites() => PyRun.Exec(
        "exec(compile(" + PythonString(SitesSource) + ", 'sampling_sites.py', 'exec'), globals())");

    private static string PythonString(string text) =>
        "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private static long Live() => MemoryTracker.GetSnapshot().Total.LiveBytes;

    /// <summary>
    /// Line A keeps 20,000 and line B 10,000 bytearrays of 1,000 bytes (each about 1,057 bytes with its object), sampled
    /// every 32 KiB on average: about 650 and 325 samples. The estimate of a site with k expected samples has a relative
    /// standard deviation of about 1/sqrt(k) (5.6 % for B), so 25 % is more than 4 standard deviations for both; the
    /// truth is the tracker's exact growth of live bytes over each call (which includes the list's own array, allocated
    /// from the same line).
    /// </summary>
    [Fact]
    public void Finds_the_two_known_sites_by_live_bytes_within_four_standard_deviations()
    {
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 32 * 1024 });
        try
        {
            using GilScope gil = GilScope.Enter();
            DefineSites();
            long before = Live();
            PyRun.Exec("_a = keep_a(20000)");
            long trueA = Live() - before;
            before = Live();
            PyRun.Exec("_b = keep_b(10000)");
            long trueB = Live() - before;

            IReadOnlyList<AllocationSite> top = MemoryTracker.GetTopSites(AllocationSiteOrder.LiveBytes, 5);
            foreach (AllocationSite site in top)
            {
                Console.WriteLine(site + " | " + string.Join(" < ", site.Frames));
            }

            Console.WriteLine($"truth A {trueA}, B {trueB}");
            top.Count.ShouldBeGreaterThanOrEqualTo(2);
            AllocationSite a = top[0], b = top[1];
            a.Frames[0].File.ShouldBe("sampling_sites.py");
            a.Frames[0].Function.ShouldBe("keep_a");
            a.Frames[0].Line.ShouldBe(3);
            a.Frames[1].Function.ShouldBe("<module>");
            b.Frames[0].Function.ShouldBe("keep_b");
            b.Frames[0].Line.ShouldBe(7);
            ((double)a.EstimatedLiveBytes).ShouldBeInRange(trueA * 0.75, trueA * 1.25);
            ((double)b.EstimatedLiveBytes).ShouldBeInRange(trueB * 0.75, trueB * 1.25);
            ((double)a.EstimatedLiveBlocks).ShouldBeInRange(40_000 * 0.75, 40_000 * 1.25); // a bytearray is two blocks
            a.Domains.ShouldContain(MemoryDomain.Obj);
            a.OsThreadIds.ShouldContain(OsThread.CurrentId);
            a.ManagedThreadIds.ShouldContain(Environment.CurrentManagedThreadId);

            // Frees are attributed: after del, the two sites hold (almost) nothing; what they allocated stays.
            PyRun.Exec("del _a, _b");
            IReadOnlyList<AllocationSite> all = MemoryTracker.GetTopSites(AllocationSiteOrder.AllocatedBytes, 1000);
            AllocationSite afterA = all.Single(s => s.HasPythonFrame && s.Frames[0].Function == "keep_a" && s.Frames[0].Line == 3);
            AllocationSite afterB = all.Single(s => s.HasPythonFrame && s.Frames[0].Function == "keep_b" && s.Frames[0].Line == 7);
            afterA.EstimatedLiveBytes.ShouldBeLessThan(trueA / 50);
            afterB.EstimatedLiveBytes.ShouldBeLessThan(trueB / 50);
            afterA.EstimatedAllocatedBytes.ShouldBe(a.EstimatedAllocatedBytes);
            all[0].EstimatedAllocatedBytes.ShouldBeGreaterThanOrEqualTo(afterA.EstimatedAllocatedBytes);
        }
        finally
        {
            MemoryTracker.Stop();
        }
    }

    /// <summary>The same at the default interval (512 KiB: about 40 and 20 samples); only the order and a loose bound
    /// (a relative sd of 16 % and 22 %; 4 sd = 88 % for B, so B only has to be found and A above 36 %).</summary>
    [Fact]
    public void Finds_the_known_sites_at_the_default_interval()
    {
        MemoryTracker.Start();
        try
        {
            using GilScope gil = GilScope.Enter();
            DefineSites();
            long before = Live();
            PyRun.Exec("_a = keep_a(20000)");
            long trueA = Live() - before;
            PyRun.Exec("_b = keep_b(10000)");
            IReadOnlyList<AllocationSite> top = MemoryTracker.GetTopSites(AllocationSiteOrder.LiveBytes, 10);
            Console.WriteLine(string.Join("\n", top));
            top.ShouldContain(s => s.HasPythonFrame && s.Frames[0].Function == "keep_a");
            top.ShouldContain(s => s.HasPythonFrame && s.Frames[0].Function == "keep_b");
            ((double)top.Single(s => s.HasPythonFrame && s.Frames[0].Function == "keep_a").EstimatedLiveBytes).ShouldBeInRange(trueA * 0.36, trueA * 1.64);
            PyRun.Exec("del _a, _b");
        }
        finally
        {
            MemoryTracker.Stop();
        }
    }

    /// <summary>Reading frames allocates frame objects on 3.11+ (and runs code in every version): with every
    /// allocation sampled, the exact counters of a deterministic workload must equal those with sampling off, because
    /// the capture's own allocations pass through the bypassed tracker uncounted. The snapshots are taken from inside
    /// one Python function (a C# function called through ctypes), so that no code object dies inside the window:
    /// sampling keeps the code objects it saw alive, which would otherwise show as frees that did not happen.</summary>
    [Fact]
    public void Counts_stay_exact_when_every_allocation_is_sampled()
    {
        string workload = $$"""
            import ctypes, gc
            _snap = ctypes.PYFUNCTYPE(None)({{(nint)(delegate* unmanaged<void>)&TakeSnapshot}})
            def _work():
                out = []
                for i in range(300):
                    out.append(bytearray(i))
                    out.append((i, str(i), [i] * 3))
                d = {str(k): k for k in range(200)}
                return len(out) + len(d)
            def _measure():
                _snap()
                _work()
                _snap()
            """;
        using (GilScope.Enter())
        {
            PyRun.Exec(workload);
            PyRun.Exec("for _ in range(3): _work()");
        }

        long[] off = Measure(0), on = Measure(1);
        Console.WriteLine($"off {string.Join(",", off)}\non  {string.Join(",", on)}");
        on.ShouldBe(off);
        off[2 * 5].ShouldBeGreaterThan(0); // OBJ allocations happened at all

        static long[] Measure(long interval)
        {
            MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = interval, PeakResolution = 0 });
            try
            {
                using GilScope gil = GilScope.Enter();
                Snapshots.Clear();
                PyRun.Exec("gc.disable()\n_measure()\ngc.enable()");
                if (interval > 0)
                {
                    MemoryTracker.GetTopSites(AllocationSiteOrder.AllocatedBytes).ShouldContain(s => s.HasPythonFrame && s.Frames[0].Function == "_work");
                }

                (MemorySnapshot before, MemorySnapshot after) = (Snapshots[0], Snapshots[1]);
                return [.. Figures(before.Raw, after.Raw), .. Figures(before.Mem, after.Mem), .. Figures(before.Obj, after.Obj)];
            }
            finally
            {
                MemoryTracker.Stop();
            }
        }

        static long[] Figures(DomainMemoryFigures x, DomainMemoryFigures y) =>
            [y.Allocations - x.Allocations, y.Frees - x.Frees, y.Reallocations - x.Reallocations, y.BytesAllocated - x.BytesAllocated, y.LiveBytes - x.LiveBytes];
    }

    private static readonly List<MemorySnapshot> Snapshots = [];

    [UnmanagedCallersOnly]
    private static void TakeSnapshot() => Snapshots.Add(MemoryTracker.GetSnapshot());

    /// <summary>RAW allocations from a .NET thread that has no Python thread state cannot be attributed to Python
    /// code: they go to a "no Python frame" site of their own thread, with exact figures at a 1-byte interval (every
    /// sample then stands for its own size).</summary>
    [Fact]
    public void Raw_allocations_without_a_thread_state_go_to_the_no_frame_site_of_their_thread()
    {
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 1 });
        try
        {
            int osThread = 0, managedThread = 0;
            var blocks = new List<RawBlock>();
            FreshThread.Run(() =>
            {
                PythonRuntime.Api.PyThreadState_GetUnchecked().ShouldBe(0);
                osThread = OsThread.CurrentId;
                managedThread = Environment.CurrentManagedThreadId;
                for (int i = 0; i < 200; i++)
                {
                    blocks.Add(RawBlock.Allocate(1000 + i));
                }
            });

            AllocationSite site = MemoryTracker.GetTopSites(AllocationSiteOrder.LiveBytes, 1000).Single(s => !s.HasPythonFrame && s.OsThreadIds.Contains(osThread));
            Console.WriteLine(site);
            site.OsThreadIds.ShouldBe([osThread]);
            site.ManagedThreadIds.ShouldBe([managedThread]);
            site.Domains.ShouldBe([MemoryDomain.Raw]);
            site.EstimatedLiveBlocks.ShouldBe(200);
            site.EstimatedLiveBytes.ShouldBeInRange(Enumerable.Range(0, 200).Sum(i => 1000L + i) - 200, Enumerable.Range(0, 200).Sum(i => 1000L + i) + 200); // each weight rounds to a whole byte
            site.ToString().ShouldContain("<no Python frame>");

            FreshThread.Run(() => blocks.ForEach(b => b.Dispose()));
            AllocationSite freed = MemoryTracker.GetTopSites(AllocationSiteOrder.AllocatedBytes, 1000).Single(s => !s.HasPythonFrame && s.OsThreadIds.Contains(osThread));
            freed.EstimatedLiveBytes.ShouldBe(0);
            freed.LiveSamples.ShouldBe(0);
            freed.Samples.ShouldBe(200);
        }
        finally
        {
            MemoryTracker.Stop();
        }
    }

    /// <summary>A callback that fails inside must not raise into CPython: the allocation succeeds unsampled and the
    /// failure is counted.</summary>
    [Fact]
    public void A_failing_sample_callback_is_counted_and_never_reaches_Python()
    {
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 1 });
        try
        {
            using GilScope gil = GilScope.Enter();
            long failures = MemoryTracker.GetSamplingHealth().Failures;
            SampleRecorder.FailNextSamples(50);
            PyRun.Exec("_x = [bytearray(100) for _ in range(100)]\nassert len(_x) == 100\ndel _x");
            (MemoryTracker.GetSamplingHealth().Failures - failures).ShouldBe(50);
        }
        finally
        {
            SampleRecorder.FailNextSamples(0);
            MemoryTracker.Stop();
        }
    }

    /// <summary>The frame objects that reading frames creates on 3.11+ are GC-tracked objects; a collection they
    /// started inside the allocator would run arbitrary Python code there. With thresholds at 1, a loop five calls deep
    /// that allocates only objects the collector does not track sees exactly as many collections with every allocation
    /// sampled as with sampling off, as long as the capture keeps the collector off (without that, the frame objects of
    /// 3.11+ start collections: 3.11 inside the allocator, 3.12+ at the next instruction).</summary>
    [Fact]
    public void Capturing_frames_starts_no_garbage_collection()
    {
        const string Code = """
            import gc
            _gc_runs = []
            def _on_gc(phase, info):
                if phase == 'start': _gc_runs.append(1)
            def _leaf():
                for _ in range(2000): b = b'x' * 50
            def _d1(): _leaf()
            def _d2(): _d1()
            def _d3(): _d2()
            def _d4(): _d3()
            def _gc_runs_during_d4():
                _d4()  # 3.8-3.10 keep each function's frame for its next call: no frame allocation below
                _gc_runs.clear()
                old = gc.get_threshold()
                gc.collect()
                gc.set_threshold(1, 1, 1)
                gc.callbacks.append(_on_gc)
                try:
                    _d4()
                finally:
                    gc.callbacks.remove(_on_gc)
                    gc.set_threshold(*old)
                return len(_gc_runs)
            """;
        using (GilScope.Enter())
        {
            PyRun.Exec(Code);
        }

        string off = GcRuns(0), on = GcRuns(1);
        Console.WriteLine($"collections: sampling off {off}, every allocation sampled {on}");
        on.ShouldBe(off);

        static string GcRuns(long interval)
        {
            MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = interval });
            try
            {
                using GilScope gil = GilScope.Enter();
                string runs = PyRun.EvalToString("_gc_runs_during_d4()");
                if (interval > 0)
                {
                    MemoryTracker.GetTopSites(AllocationSiteOrder.AllocatedBytes).ShouldContain(s => s.HasPythonFrame && s.Frames[0].Function == "_leaf" && s.Frames.Count >= 5);
                }

                return runs;
            }
            finally
            {
                MemoryTracker.Stop();
            }
        }
    }

    /// <summary>An allocation made while an exception is pending (C code between setting an error and returning) must
    /// leave that exception in place: Python calls (through ctypes, from a Python frame, so the capture reads frames and
    /// creates frame objects on 3.11+) a C# function that sets RuntimeError and then allocates; ctypes then raises what
    /// is pending.</summary>
    [Fact]
    public void Capturing_frames_keeps_the_pending_exception()
    {
        string code = $$"""
            import ctypes
            _set_then_allocate = ctypes.PYFUNCTYPE(None)({{(nint)(delegate* unmanaged<void>)&SetErrorThenAllocate}})
            def _inner(): _set_then_allocate()
            def _probe():
                try:
                    _inner()
                except RuntimeError as e:
                    return 'raised:' + str(e)
                return 'nothing raised'
            """;
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 1 });
        try
        {
            using GilScope gil = GilScope.Enter();
            PyRun.Exec(code);
            long samples = MemoryTracker.GetTopSites(AllocationSiteOrder.AllocatedBytes, 100_000).Sum(s => s.Samples);
            PyRun.EvalToString("_probe()").ShouldBe("raised:pending");
            PyRun.EvalToString("[_probe() for _ in range(20)][-1]").ShouldBe("raised:pending");
            MemoryTracker.GetTopSites(AllocationSiteOrder.AllocatedBytes, 100_000).Sum(s => s.Samples).ShouldBeGreaterThan(samples + 20);
        }
        finally
        {
            MemoryTracker.Stop();
        }
    }

    [UnmanagedCallersOnly]
    private static void SetErrorThenAllocate()
    {
        PythonApi api = PythonRuntime.Api;
        fixed (byte* message = "pending"u8)
        {
            api.PyErr_SetString(api.PyExc_RuntimeError, message);
        }

        void* block = api.PyMem_Malloc((nuint)64);
        api.PyMem_Free(block);
    }

    [Fact]
    public void A_mark_reports_the_sites_of_young_live_blocks_only()
    {
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 1 });
        try
        {
            using GilScope gil = GilScope.Enter();
            DefineSites();
            PyRun.Exec("_old = keep_a(300)");
            using (MemoryMark mark = MemoryTracker.Mark())
            {
                PyRun.Exec("_young = keep_b(200)\n_gone = keep_b(100)\ndel _gone");
                IReadOnlyList<AllocationSite> sites = mark.GetTopSites(100);
                Console.WriteLine(string.Join("\n", sites));
                sites.ShouldNotContain(s => s.HasPythonFrame && s.Frames[0].Function == "keep_a");
                AllocationSite young = sites.First(s => s.HasPythonFrame && s.Frames[0].Function == "keep_b" && s.Frames[0].Line == 7);
                young.EstimatedLiveBlocks.ShouldBeInRange(400, 402); // 200 objects and buffers, and the list's array
                young.EstimatedLiveBytes.ShouldBeInRange(200 * 1001, 200 * 1100 + 4096);
                mark.Dispose();
                PyRun.Exec("_late = keep_b(100)");
                mark.GetTopSites(100).Single(s => s.HasPythonFrame && s.Frames[0].Line == 7).EstimatedLiveBlocks.ShouldBe(young.EstimatedLiveBlocks);
            }

            PyRun.Exec("del _old, _young, _late");
        }
        finally
        {
            MemoryTracker.Stop();
        }
    }

    [Fact]
    public void ResetSamples_forgets_every_site_and_ignores_earlier_blocks()
    {
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 1 });
        try
        {
            using GilScope gil = GilScope.Enter();
            DefineSites();
            PyRun.Exec("_a = keep_a(100)");
            MemoryTracker.GetSamplingHealth().HeldCodeObjects.ShouldBeGreaterThan(0);
            MemoryTracker.ResetSamples();
            MemoryTracker.GetSamplingHealth().HeldCodeObjects.ShouldBe(0);
            PyRun.Exec("del _a\n_b = keep_b(10)");
            IReadOnlyList<AllocationSite> sites = MemoryTracker.GetTopSites(AllocationSiteOrder.AllocatedBytes, 1000);
            sites.ShouldNotContain(s => s.HasPythonFrame && s.Frames[0].Function == "keep_a");
            sites.ShouldAllBe(s => s.EstimatedLiveBytes >= 0);
            PyRun.Exec("del _b");
        }
        finally
        {
            MemoryTracker.Stop();
        }

        MemoryTracker.GetSamplingHealth().HeldCodeObjects.ShouldBe(0);
    }

    [Fact]
    public void Reports_refuse_clearly_without_sampling()
    {
        MemoryTracker.IsRunning.ShouldBeFalse();
        Should.Throw<InvalidOperationException>(() => MemoryTracker.GetTopSites(AllocationSiteOrder.LiveBytes)).Message.ShouldContain("tracker running");
        Should.Throw<InvalidOperationException>(MemoryTracker.ResetSamples);
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0 });
        try
        {
            Should.Throw<InvalidOperationException>(() => MemoryTracker.GetTopSites(AllocationSiteOrder.LiveBytes)).Message.ShouldContain("Sampling is off");
            using MemoryMark mark = MemoryTracker.Mark();
            Should.Throw<InvalidOperationException>(() => mark.GetTopSites()).Message.ShouldContain("Sampling is off");
        }
        finally
        {
            MemoryTracker.Stop();
        }

        MemoryTracker.Start();
        try
        {
            Should.Throw<ArgumentOutOfRangeException>(() => MemoryTracker.GetTopSites(AllocationSiteOrder.LiveBytes, 0));
            Should.Throw<ArgumentOutOfRangeException>(() => MemoryTracker.GetTopSites((AllocationSiteOrder)7));
        }
        finally
        {
            MemoryTracker.Stop();
        }
    }

    /// <summary>Beyond the cap of held code objects, frames are still recorded (line kept) without their code.</summary>
    [Fact]
    public void Code_objects_beyond_the_cap_are_not_held()
    {
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 1, MaxFrames = 1 });
        try
        {
            using GilScope gil = GilScope.Enter();
            long uncoded = MemoryTracker.GetSamplingHealth().UncodedFrames;
            PyRun.Exec($"_fs = []\nfor _i in range({MemoryTracker.MaxSampledCodeObjects + 100}):\n    exec('def _f():\\n    return bytearray(64)', globals())\n    _f(); _fs.append(_f)\ndel _fs, _f");
            MemoryTracker.GetSamplingHealth().HeldCodeObjects.ShouldBe(MemoryTracker.MaxSampledCodeObjects);
            (MemoryTracker.GetSamplingHealth().UncodedFrames - uncoded).ShouldBeGreaterThan(0);
            MemoryTracker.GetTopSites(AllocationSiteOrder.AllocatedBytes, 100_000).ShouldContain(s => s.HasPythonFrame && s.Frames[0].File == "<unknown>");
        }
        finally
        {
            MemoryTracker.Stop();
        }
    }
}
