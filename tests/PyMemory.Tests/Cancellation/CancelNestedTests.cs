namespace PyMemory.Tests.Cancellation;

/// <summary>Nested cancellable runs on one thread (cancel-nested, in a child process with a watchdog): Python code of
/// the outer run calls back into .NET, which starts an inner run. Cancelling the inner token ends only the inner run;
/// cancelling the outer token while the inner run spins ends the inner run with the outer token and then the outer run.</summary>
[Collection(UsesPython.Name)]
public class CancelNestedTests
{
    private static readonly SharedChildRun Child = new("cancel-nested");

    private static ChildProcess.Result Result => Child.Result;

    [Fact]
    public void Cancelling_the_inner_run_ends_only_the_inner_run()
    {
        Result.Value("inner-cancelled-inner").ShouldBe("OperationCanceledException token=inner", Result.ToString());
        Result.Value("inner-cancelled-after").ShouldBe("pending=False inner_rc=1 sum=45"); // the outer code went on past the callback
        Result.Value("inner-cancelled-outer").ShouldBe("OperationCanceledException token=outer"); // ended by its own later cancel
    }

    [Fact]
    public void Cancelling_the_outer_run_inside_the_inner_run_ends_both_with_the_outer_token()
    {
        Result.Value("outer-cancelled-inner").ShouldBe("OperationCanceledException token=outer", Result.ToString());
        Result.Value("outer-cancelled-outer").ShouldBe("OperationCanceledException token=outer");
        Result.Value("outer-cancelled-after").ShouldBe("pending=False inner_rc=1 sum=45");
    }
}
