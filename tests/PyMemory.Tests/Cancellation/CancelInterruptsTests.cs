using System.Globalization;

namespace PyMemory.Tests.Cancellation;

/// <summary>
/// Runs that only a cancellation ends, in a child process with a watchdog (cancel-interrupts): each is interrupted
/// from another thread within a bound, the caller gets <see cref="OperationCanceledException"/> carrying its token
/// (or <see cref="TimeoutException"/>), the same thread then runs Python with nothing pending, and another thread
/// takes the GIL at once. <c>Cancel()</c> never waits for the GIL, so it works on any thread.
/// </summary>
[Collection(UsesPython.Name)]
public class CancelInterruptsTests
{
    // Generous for a loaded 2-core machine: the GIL is handed over within the 5 ms switch interval when all is well.
    private const int LatencyBoundMs = 2000;

    private static readonly SharedChildRun Child = new("cancel-interrupts");

    private static ChildProcess.Result Result => Child.Result;

    [Theory]
    [InlineData("loop")]
    [InlineData("except-exception")]
    [InlineData("call")]
    public void A_busy_run_is_interrupted_and_the_caller_gets_its_token(string run)
    {
        Result.Value(run).ShouldBe("OperationCanceledException token=True inner=none", Result.ToString());
        int.Parse(Result.Value(run + "-ms")!, CultureInfo.InvariantCulture).ShouldBeLessThan(LatencyBoundMs);
    }

    [Theory]
    [InlineData("loop")]
    [InlineData("except-exception")]
    [InlineData("caught-once")]
    [InlineData("turned-into-value-error")]
    [InlineData("swallowed-and-finished")]
    [InlineData("call")]
    [InlineData("sleep-then-loop")]
    [InlineData("timeout")]
    [InlineData("cancel-holding-gil")]
    [InlineData("cancel-in-allow-threads")]
    public void After_a_cancelled_run_Python_keeps_working_and_the_GIL_is_free(string run)
    {
        Result.Value(run + "-after").ShouldBe("pending=False sum=45", Result.ToString());
        Result.Value(run + "-other-thread").ShouldBe("2", Result.ToString());
    }

    [Fact]
    public void Code_that_catches_the_interruption_once_is_interrupted_again()
    {
        Result.Value("caught-once").ShouldBe("OperationCanceledException token=True inner=none", Result.ToString());
        Result.Value("caught-once-flag").ShouldBe("True");
        int.Parse(Result.Value("caught-once-ms")!, CultureInfo.InvariantCulture).ShouldBeLessThan(LatencyBoundMs);
    }

    [Fact]
    public void An_exception_the_code_raises_instead_is_the_inner_exception()
    {
        Result.Value("turned-into-value-error").ShouldBe("OperationCanceledException token=True inner=PythonException python=ValueError", Result.ToString());
    }

    [Fact]
    public void Code_that_swallows_the_interruption_and_finishes_completes_normally()
    {
        Result.Value("swallowed-and-finished").ShouldBe("completed", Result.ToString());
        Result.Value("swallowed").ShouldBe("pymemory.Cancelled"); // a BaseException of PyMemory's own
    }

    [Fact]
    public void A_sleep_in_C_is_interrupted_only_when_it_returns()
    {
        Result.Value("sleep-then-loop").ShouldBe("OperationCanceledException token=True inner=none", Result.ToString());
        int total = int.Parse(Result.Value("sleep-then-loop-total-ms")!, CultureInfo.InvariantCulture);
        total.ShouldBeGreaterThanOrEqualTo(1450); // time.sleep(1.5) ran to its end, although cancelled at 0.2 s
        total.ShouldBeLessThan(1500 + LatencyBoundMs);
    }

    [Fact]
    public void Cancel_returns_at_once_on_a_thread_that_holds_the_GIL_and_the_run_ends_when_it_lets_go()
    {
        int.Parse(Result.Value("cancel-holding-gil-cancel-ms")!, CultureInfo.InvariantCulture).ShouldBeLessThan(50, Result.ToString());
        Result.Value("cancel-holding-gil").ShouldBe("OperationCanceledException token=True inner=none");
        int.Parse(Result.Value("cancel-holding-gil-ms")!, CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(100); // held for 100 ms
    }

    [Fact]
    public void Cancel_works_inside_AllowThreads()
    {
        Result.Value("cancel-in-allow-threads").ShouldBe("OperationCanceledException token=True inner=none", Result.ToString());
        int.Parse(Result.Value("cancel-in-allow-threads-ms")!, CultureInfo.InvariantCulture).ShouldBeLessThan(LatencyBoundMs);
    }

    [Fact]
    public void A_timeout_throws_TimeoutException_when_it_passes()
    {
        Result.Value("timeout").ShouldBe("TimeoutException", Result.ToString());
        int total = int.Parse(Result.Value("timeout-total-ms")!, CultureInfo.InvariantCulture);
        total.ShouldBeGreaterThanOrEqualTo(290);
        total.ShouldBeLessThan(300 + LatencyBoundMs);
    }
}
