namespace PyMemory.Tests.Tracking;

/// <summary>
/// The soft limit (<c>MemoryLimits.SoftTotalBytes</c>, <c>MemoryTracker.SoftLimitExceeded</c>). In a child process:
/// the watcher thread and the event are process-wide, and a throwing handler must be shown not to end the process.
/// </summary>
[Collection(UsesPython.Name)]
public sealed class LimitSoftTests
{
    private static readonly SharedChildRun Child = new("limit-soft");

    private static ChildProcess.Result Result => Child.Result;

    [Fact]
    public void Fires_once_per_upward_crossing()
    {
        Result.Value("first").ShouldBe("count=1", Result.ToString());
        Result.Value("still-above").ShouldBe("count=1", "growing further above the limit is no new crossing\n" + Result);
        Result.Value("second").ShouldBe("count=2", "below, then above again: a new crossing\n" + Result);
    }

    [Fact]
    public void Runs_on_a_background_thread_that_can_take_the_GIL_and_call_Python()
    {
        Result.Value("first-other-thread").ShouldBe("True", Result.ToString());
        Result.Value("first-seen").ShouldNotBeNull(Result.ToString());
        Result.Value("first-seen")!.ShouldEndWith(",background=True,above=True,python=45", customMessage: Result.ToString());
    }

    [Fact]
    public void A_throwing_handler_neither_ends_the_process_nor_stops_the_others()
    {
        Result.Value("after-throwing-handler").ShouldBe("count=3", Result.ToString());
        Result.Value("host").ShouldBe("2", Result.ToString());
    }

    [Fact]
    public void Removing_the_limits_stops_the_event()
    {
        Result.Value("removed").ShouldBe("count=3", Result.ToString());
    }
}
