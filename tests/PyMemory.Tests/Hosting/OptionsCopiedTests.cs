using PyMemory.Tracking;

namespace PyMemory.Tests.Hosting;

/// <summary>The options are settable (for IOptions and configuration binding), so PyMemory copies what it is given and
/// what it hands out: changing an options object after passing it, or one read back, changes nothing.</summary>
[Collection(UsesPython.Name)]
public class OptionsCopiedTests
{
    [Fact]
    public void Changing_the_options_after_the_start_changes_nothing_and_passing_them_again_changed_is_refused()
    {
        ChildProcess.Result result = ChildProcess.Run("hosting-options-copied");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("same-object-again").ShouldBe("ok", result.ToString());
        result.Value("limits-total-after-change").ShouldBe("none");
        result.Value("peak-resolution-after-change").ShouldBe("65536");
        result.Value("big-allocation-after-change").ShouldBe("ok");
        result.Value("changed-object-again").ShouldBe("InvalidOperationException", result.ToString());
        result.Value("changed-object-again-message")!.ShouldContain("EnableDebugHooks");
    }

    [Fact]
    public void The_tracker_copies_the_options_and_limits_it_is_given_and_the_ones_it_hands_out()
    {
        var limits = new MemoryLimits { SoftTotalBytes = 1L << 40 };
        var options = new MemoryTrackingOptions { SampleInterval = 0, PeakResolution = 4096, Limits = limits };
        MemoryTracker.Start(options);
        try
        {
            options.PeakResolution = 8192;
            limits.TotalBytes = 1; // would refuse every allocation, if it reached the tracker
            MemoryTracker.Options.PeakResolution.ShouldBe(4096);
            MemoryTracker.Limits!.TotalBytes.ShouldBeNull();

            var later = new MemoryLimits { SoftTotalBytes = 1L << 41 };
            MemoryTracker.Limits = later;
            later.TotalBytes = 1;
            MemoryTracker.Limits!.TotalBytes = 1; // a copy read back
            MemoryTracker.Options.Limits = later;
            MemoryTracker.Limits!.TotalBytes.ShouldBeNull();
            MemoryTracker.Limits.SoftTotalBytes.ShouldBe(1L << 41);
            MemoryTracker.Options.Limits!.TotalBytes.ShouldBeNull();
            using (GilScope.Enter())
            {
                PyRun.Exec("_copied_options_check = bytearray(1 << 20)\ndel _copied_options_check");
            }
        }
        finally
        {
            MemoryTracker.Stop();
        }
    }
}
