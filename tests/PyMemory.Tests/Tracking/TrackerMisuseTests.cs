using PyMemory.Tests.Allocators;
using PyMemory.Tracking;

namespace PyMemory.Tests.Tracking;

/// <summary>
/// Every public member of the tracker, its snapshot and its options, misused: each gives the exception its docs name
/// and changes nothing. The moments a shared process cannot show (before any start, after Shutdown) run in a child.
/// </summary>
[Collection(SerialAllocatorTests.Name)]
public sealed class TrackerMisuseTests
{
    private static readonly SharedChildRun Lifecycle = new("tracking-misuse");

    public static TheoryData<string> InvalidOptions => new() { "SampleInterval", "MaxFrames0", "MaxFrames129", "PeakResolution", "LimitZero", "LimitNegative", "Headroom" };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Start_with_an_invalid_option_throws_ArgumentOutOfRangeException_and_does_not_start(string option)
    {
        MemoryTrackingOptions options = option switch
        {
            "SampleInterval" => new() { SampleInterval = -1 },
            "MaxFrames0" => new() { MaxFrames = 0 },
            "MaxFrames129" => new() { MaxFrames = 129 },
            "PeakResolution" => new() { PeakResolution = -1 },
            "LimitZero" => new() { Limits = new MemoryLimits { ObjBytes = 0 } },
            "LimitNegative" => new() { Limits = new MemoryLimits { TotalBytes = -5 } },
            _ => new() { Limits = new MemoryLimits { TotalBytes = 1 << 30, HeadroomBytes = -1 } },
        };

        Should.Throw<ArgumentOutOfRangeException>(() => MemoryTracker.Start(options));
        MemoryTracker.IsRunning.ShouldBeFalse();
    }

    [Fact]
    public void Start_twice_throws_and_keeps_the_first_run_with_its_options()
    {
        var first = new MemoryTrackingOptions { SampleInterval = 0, PeakResolution = 4096 };
        MemoryTracker.Start(first);
        try
        {
            Should.Throw<InvalidOperationException>(() => MemoryTracker.Start()).Message.ShouldContain("already running");
            MemoryTracker.IsRunning.ShouldBeTrue();
            // Options is a copy of what the first run started with (the options are settable, so they are copied).
            MemoryTracker.Options.SampleInterval.ShouldBe(0);
            MemoryTracker.Options.PeakResolution.ShouldBe(4096);
            PyMemory.Allocators.PythonAllocators.Describe().PyMemoryHooks.Count(h => h.EndsWith("MemoryTracker", StringComparison.Ordinal)).ShouldBe(3);
        }
        finally
        {
            MemoryTracker.Stop().ShouldBeTrue();
        }

        MemoryTracker.Stop().ShouldBeFalse();
        MemoryTracker.Stop().ShouldBeFalse();
    }

    [Fact]
    public void Members_that_need_a_running_tracker_throw_InvalidOperationException_when_it_is_stopped()
    {
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0 });
        MemoryTracker.Stop();

        Should.Throw<InvalidOperationException>(() => MemoryTracker.Limits = new MemoryLimits { TotalBytes = 1 << 30 });
        MemoryTracker.Limits.ShouldBeNull();
        Should.Throw<InvalidOperationException>(() => MemoryTracker.Limits = null);
        Should.Throw<InvalidOperationException>(() => MemoryTracker.Mark());
        Should.Throw<InvalidOperationException>(() => MemoryTracker.BeginBudget(1 << 20));

        // Invalid values are refused before the state is looked at.
        Should.Throw<ArgumentOutOfRangeException>(() => MemoryTracker.Limits = new MemoryLimits { RawBytes = -1 });
        Should.Throw<ArgumentOutOfRangeException>(() => MemoryTracker.BeginBudget(0));

        // The figures of the last run stay readable.
        MemoryTracker.TryGetSnapshot(out MemorySnapshot snapshot).ShouldBeTrue();
        MemoryTracker.GetSnapshot().ShouldBe(snapshot);
        MemoryTracker.GetSizeHistogram(MemoryDomain.Raw).Domain.ShouldBe(MemoryDomain.Raw);
        MemoryTracker.ResetPeak();
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    [InlineData(int.MaxValue)]
    public void An_undefined_domain_throws_ArgumentOutOfRangeException_from_the_histogram_the_snapshot_and_the_limits(int value)
    {
        var domain = (MemoryDomain)value;
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0 });
        try
        {
            Should.Throw<ArgumentOutOfRangeException>(() => MemoryTracker.GetSizeHistogram(domain));
            MemorySnapshot snapshot = MemoryTracker.GetSnapshot();
            Should.Throw<ArgumentOutOfRangeException>(() => snapshot[domain]);
            Should.Throw<ArgumentOutOfRangeException>(() => default(MemorySnapshot)[domain]);
            Should.Throw<ArgumentOutOfRangeException>(() => new MemoryLimits().Of(domain));
        }
        finally
        {
            MemoryTracker.Stop();
        }
    }

    [Fact]
    public void A_default_snapshot_is_all_zero_and_prints()
    {
        MemorySnapshot empty = default;
        empty.Total.ShouldBe(default);
        empty[MemoryDomain.Obj].ShouldBe(default);
        empty.ToString().ShouldContain("live 0 B");
        empty.ShouldBe(default(MemorySnapshot));
    }

    [Fact]
    public void Start_and_Stop_inside_AllowThreads_throw_InvalidOperationException_and_change_nothing()
    {
        using GilScope gil = GilScope.Enter();
        using (GilScope.AllowThreads())
        {
            Should.Throw<InvalidOperationException>(() => MemoryTracker.Start());
        }

        MemoryTracker.IsRunning.ShouldBeFalse();
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0 });
        try
        {
            using (GilScope.AllowThreads())
            {
                Should.Throw<InvalidOperationException>(() => MemoryTracker.Stop());
                MemoryTracker.TryGetSnapshot(out _).ShouldBeTrue(); // no GIL needed
            }

            MemoryTracker.IsRunning.ShouldBeTrue();
        }
        finally
        {
            MemoryTracker.Stop().ShouldBeTrue();
        }
    }

    [Fact]
    public void Before_any_start_the_figures_are_refused_and_Stop_says_false()
    {
        string output = Lifecycle.Result.StdOut;
        output.ShouldContain("before-try-snapshot-value=False");
        output.ShouldContain("before-snapshot=InvalidOperationException");
        output.ShouldContain("before-histogram=InvalidOperationException");
        output.ShouldContain("before-histogram-bad-domain=ArgumentOutOfRangeException");
        output.ShouldContain("before-reset-peak=InvalidOperationException");
        output.ShouldContain("before-stop-value=False");
        output.ShouldContain("before-limits=InvalidOperationException");
        output.ShouldContain("before-mark=InvalidOperationException");
        output.ShouldContain("before-budget=InvalidOperationException");
        output.ShouldContain("before-is-running=False");
        output.ShouldContain("before-state=NotInitialized", Case.Sensitive, "none of it loaded or started Python");
    }

    [Fact]
    public void A_second_start_of_a_tracker_started_with_the_interpreter_is_refused()
    {
        string output = Lifecycle.Result.StdOut;
        output.ShouldContain("started-is-running=True");
        output.ShouldContain("start-again=InvalidOperationException");
        output.ShouldContain("initialize-again-with-tracking=InvalidOperationException");
        output.ShouldContain("running-obj-live-positive=True");
    }

    [Fact]
    public void After_Shutdown_the_figures_stay_readable_Stop_succeeds_once_and_Start_throws_InterpreterFinalizedException()
    {
        ChildProcess.Result result = Lifecycle.Result;
        string output = result.StdOut;
        output.ShouldContain("shutdown=True");
        output.ShouldContain("after-snapshot-readable=True");
        output.ShouldContain("after-histogram=ok");
        output.ShouldContain("after-reset-peak=ok");
        output.ShouldContain("after-stop-value=True");
        output.ShouldContain("after-is-running=False");
        output.ShouldContain("after-stop-again-value=False");
        output.ShouldContain("after-start=InterpreterFinalizedException");
        output.ShouldContain("after-limits=InvalidOperationException");
        output.ShouldContain("after-mark=InvalidOperationException");
        output.ShouldContain("done");
        result.StdErr.ShouldBeEmpty();
    }
}
