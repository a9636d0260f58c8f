using System.Globalization;

namespace PyMemory.Tests.Cancellation;

/// <summary>Eight threads times forty cancellable runs cancelled at random moments (cancel-stress, in a child process
/// with a watchdog): every busy run is cancelled, every short run completes or is cancelled, and no interruption ever
/// reaches the plain Python run that follows.</summary>
[Collection(UsesPython.Name)]
public class CancelStressTests
{
    [Fact]
    public void Many_threads_and_many_cancels_leave_no_stray_interruption_and_no_hang()
    {
        ChildProcess.Result result = ChildProcess.Run("cancel-stress");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("stray").ShouldBe("0", result.ToString());
        result.Value("other").ShouldBe("0", result.ToString());
        result.Value("loops-not-cancelled").ShouldBe("0", result.ToString());
        int cancelled = int.Parse(result.Value("cancelled")!, CultureInfo.InvariantCulture);
        int completed = int.Parse(result.Value("completed")!, CultureInfo.InvariantCulture);
        (cancelled + completed).ShouldBe(8 * 40);
        cancelled.ShouldBeGreaterThanOrEqualTo(8 * 20); // every busy loop
        result.StdErr.ShouldBeEmpty();
    }
}
