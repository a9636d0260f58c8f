namespace PyMemory.Tests.Runtime;

/// <summary>
/// Shutdown racing worker threads that keep entering and leaving scopes, in a child process with a watchdog: every
/// call refuses with the clear exception or finalizes, nothing hangs or crashes, and afterwards every member answers as
/// documented (<see cref="InterpreterFinalizedException"/>, IsHeld false, DrainPendingReleases 0).
/// </summary>
[Collection(UsesPython.Name)]
public class ShutdownRaceTests
{
    private static readonly SharedChildRun Child = new("shutdown-race");

    private static ChildProcess.Result Result => Child.Result;

    [Fact]
    public void Shutdown_refuses_clearly_or_finalizes_and_never_hangs_or_crashes()
    {
        Result.ExitCode.ShouldBe(0, Result.ToString());
        Result.Value("shutdown").ShouldBe("finalized", Result.ToString());
        Result.Value("state").ShouldBe("Finalized");
        Result.StdErr.ShouldBeEmpty();
    }

    [Fact]
    public void Every_worker_ends_with_InterpreterFinalizedException()
    {
        Result.Values("worker").ShouldBe(Enumerable.Repeat("InterpreterFinalizedException", 4), Result.ToString());
    }

    [Fact]
    public void After_shutdown_each_member_answers_as_documented()
    {
        Result.Value("after").ShouldBe(
            "is-held:False,drain:0,enter:InterpreterFinalizedException,is-pending:InterpreterFinalizedException," +
            "throw-if-pending:InterpreterFinalizedException,allow-threads:InterpreterFinalizedException,shutdown-again:False",
            Result.ToString());
    }
}
