using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PyMemory.Allocators;
using PyMemory.ChildHost;
using PyMemory.Tracking;

namespace PyMemory.Tests.Logging;

/// <summary>Core's log events through ILogger, in this process: hooks, the tracker, limits and budgets; and none on the
/// hot paths. Start, attach and shutdown need a process of their own (<see cref="LifecycleLoggingTests"/>).</summary>
[Collection(UsesPython.Name)]
public class CoreLoggingTests
{
    [Fact]
    public void Installing_and_removing_an_allocator_hook_are_logged_at_Debug()
    {
        using var capture = new LogCapture();
        using (PythonAllocators.Install(new PassThroughHook(), MemoryDomain.Mem, MemoryDomain.Obj))
        {
            FakeLogRecord installed = capture.Single(100);
            installed.Level.ShouldBe(LogLevel.Debug);
            installed.Category.ShouldBe("PyMemory.Allocators");
            installed.Message.ShouldBe("Installed allocator hook PassThroughHook on Mem, Obj");
        }

        capture.Single(101).Message.ShouldBe("Removed allocator hook PassThroughHook from Mem, Obj");
    }

    [Fact]
    public void A_refused_hook_removal_is_logged_as_a_warning_with_the_reason()
    {
        using var capture = new LogCapture();
        AllocatorHookScope first = PythonAllocators.Install(new PassThroughHook(), MemoryDomain.Mem);
        AllocatorHookScope second = PythonAllocators.Install(new PassThroughHook(), MemoryDomain.Mem);
        try
        {
            Should.Throw<InvalidOperationException>(first.Dispose);
            FakeLogRecord refused = capture.Single(103);
            refused.Level.ShouldBe(LogLevel.Warning);
            refused.Message.ShouldContain("The allocator hook PassThroughHook was not removed, nothing was changed: ");
            refused.Message.ShouldContain("dispose scopes in reverse order");
        }
        finally
        {
            second.Dispose();
            first.Dispose();
        }
    }

    [Fact]
    public void Starting_the_tracker_setting_limits_and_stopping_it_are_logged()
    {
        using var capture = new LogCapture();
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0, PeakResolution = 4096 });
        try
        {
            MemoryTracker.Limits = new MemoryLimits { TotalBytes = 1L << 40, SoftTotalBytes = 1L << 39 };
        }
        finally
        {
            MemoryTracker.Stop();
        }

        FakeLogRecord started = capture.Single(200);
        started.Category.ShouldBe("PyMemory.Tracking");
        started.Level.ShouldBe(LogLevel.Information);
        started.Message.ShouldBe($"Memory tracker started ({(MemoryTracker.IsNativeEngineAvailable ? "native" : "managed")} engine, sample interval 0 bytes, peak resolution 4096 bytes, limits none)");
        capture.Single(202).Message.ShouldBe("Memory limits set to total 1099511627776 B, soft total 549755813888 B, headroom 262144 B");
        capture.Single(201).Message.ShouldBe("Memory tracker stopped; its figures stay readable");
    }

    [Fact]
    public void A_budget_that_refused_allocations_is_logged_when_it_ends_on_its_thread()
    {
        using var capture = new LogCapture();
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0 });
        try
        {
            using (GilScope.Enter())
            {
                using MemoryBudgetScope budget = MemoryTracker.BeginBudget(1 << 20);
                PyRun.Exec("try:\n    _budget_log = bytearray(64 << 20)\nexcept MemoryError:\n    pass");
                capture.Records.ShouldNotContain(r => r.Id.Id == 204); // nothing from inside the allocator
            }
        }
        finally
        {
            MemoryTracker.Stop();
        }

        FakeLogRecord rejected = capture.Single(204);
        rejected.Level.ShouldBe(LogLevel.Warning);
        rejected.Message.ShouldStartWith("A memory budget of 1048576 bytes refused 1 allocation(s) (Python raised MemoryError)");
    }

    [Fact]
    public void A_budget_that_refused_nothing_logs_nothing()
    {
        using var capture = new LogCapture();
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0 });
        try
        {
            using GilScope gil = GilScope.Enter();
            using MemoryBudgetScope budget = MemoryTracker.BeginBudget(64 << 20);
            PyRun.Exec("_budget_log = bytearray(1024)\ndel _budget_log");
        }
        finally
        {
            MemoryTracker.Stop();
        }

        capture.Records.ShouldNotContain(r => r.Id.Id == 204);
    }

    [Fact]
    public void Crossing_the_soft_limit_is_logged_by_the_watcher_thread()
    {
        using var capture = new LogCapture();
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0, PeakResolution = 0 });
        try
        {
            long live = MemoryTracker.GetSnapshot().Total.LiveBytes;
            MemoryTracker.Limits = new MemoryLimits { SoftTotalBytes = live + (4 << 20) };
            using (GilScope.Enter())
            {
                PyRun.Exec("_soft_log = bytearray(16 << 20)");
            }

            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (!capture.Records.Any(r => r.Id.Id == 203) && waited.Elapsed < TimeSpan.FromSeconds(10))
            {
                Thread.Sleep(20);
            }

            FakeLogRecord crossed = capture.Single(203);
            crossed.Level.ShouldBe(LogLevel.Warning);
            crossed.Message.ShouldContain($"crossed the soft limit of {live + (4 << 20)} bytes");
        }
        finally
        {
            using (GilScope.Enter())
            {
                PyRun.Exec("del _soft_log");
            }

            MemoryTracker.Stop();
        }
    }

    [Fact]
    public void The_GIL_and_block_fast_paths_never_log()
    {
        using var capture = new LogCapture(LogLevel.Trace);
        for (int i = 0; i < 1000; i++)
        {
            using (GilScope.Enter())
            {
                using PyMemBlock memory = PyMemBlock.Allocate(64);
                using ScopedPyMemBlock scoped = ScopedPyMemBlock.Allocate(64);
            }

            using RawBlock raw = RawBlock.Allocate(128);
            raw.Resize(256);
            using ScopedRawBlock scopedRaw = ScopedRawBlock.Allocate(64);
        }

        capture.Records.ShouldBeEmpty();
    }
}
