using System.Globalization;

namespace PyMemory.Tests.Cancellation;

/// <summary>A cancellable run that spends a second in a subinterpreter (cancel-subinterpreter, in a child process with a
/// watchdog): the interruption targets the run's main-interpreter thread state and lands when the subinterpreter
/// returns, not before, and not never.</summary>
[Collection(UsesPython.Name)]
public class CancelSubinterpreterTests
{
    [Fact]
    public void Code_in_a_subinterpreter_is_interrupted_when_it_returns_to_the_run()
    {
        ChildProcess.Result result = ChildProcess.Run("cancel-subinterpreter");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("outcome").ShouldBe("OperationCanceledException token=True", result.ToString());
        int total = int.Parse(result.Value("total-ms")!, CultureInfo.InvariantCulture);
        total.ShouldBeGreaterThanOrEqualTo(990); // the subinterpreter's busy second ran to its end
        total.ShouldBeLessThan(1000 + 2000);
        result.Value("after").ShouldBe("pending=False sum=45");
    }
}
