namespace PyMemory.Tests.Runtime;

[Collection(UsesPython.Name)]
public class ShutdownTests
{
    private static readonly SharedChildRun Child = new("shutdown");

    private static ChildProcess.Result Result => Child.Result;

    [Fact]
    public void Shutdown_finalizes_the_interpreter_PyMemory_started()
    {
        Result.Value("shutdown").ShouldBe("True");
        Result.Value("state").ShouldBe("Finalized");
        Result.Value("is-running").ShouldBe("False");
    }

    [Fact]
    public void Shutdown_inside_a_scope_throws_and_changes_nothing()
    {
        Result.Value("shutdown-inside-scope").ShouldBe("InvalidOperationException");
        Result.Value("shutdown-inside-scope-message")!.ShouldContain("cannot run inside a GilScope");
    }

    [Fact]
    public void Second_shutdown_returns_false()
    {
        Result.Value("second-shutdown").ShouldBe("False");
    }

    [Theory]
    [InlineData("gil-enter")]
    [InlineData("pyrun-exec")]
    [InlineData("pyrun-eval")]
    [InlineData("handle-from-borrowed")]
    [InlineData("version")]
    [InlineData("initialize")]
    [InlineData("initialize-on-another-thread")]
    public void Calls_after_shutdown_throw_InterpreterFinalizedException(string call)
    {
        Result.Value(call).ShouldBe("InterpreterFinalizedException", Result.ToString());
        Result.Value(call + "-message")!.ShouldContain("finalized");
    }

    [Fact]
    public void IsHeld_after_shutdown_answers_false()
    {
        Result.Value("gil-is-held").ShouldBe("ok", Result.ToString());
        Result.Value("gil-is-held-value").ShouldBe("False");
    }

    [Fact]
    public void DrainPendingReleases_after_shutdown_returns_0()
    {
        Result.Value("drain-pending-releases").ShouldBe("ok", Result.ToString());
        Result.Value("drain-pending-releases-value").ShouldBe("0");
    }

    [Fact]
    public void Handles_created_before_shutdown_are_leaked_instead_of_crashing()
    {
        Result.Value("dispose-survivor").ShouldBe("ok");
        Result.Value("finalizers").ShouldBe("ok");
        Result.StdErr.ShouldBeEmpty();
    }

    [Fact]
    public void Shutdown_while_another_hosts_Ensure_holds_the_GIL_finalizes_without_deadlock()
    {
        ChildProcess.Result result = ChildProcess.Run("shutdown-while-host-holds-gil");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("host-holds-gil").ShouldBe("1");
        result.Value("shutdown").ShouldBe("True");
        result.Value("py-initialized").ShouldBe("0");
    }

    [Fact]
    public void Shutdown_on_another_thread_is_refused_and_the_initializing_thread_finishes_it_even_after_a_worker_imported_threading()
    {
        ChildProcess.Result result = ChildProcess.Run("shutdown-on-another-thread");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("threading-main-is-worker").ShouldBe("False");
        result.Value("other-thread-shutdown")!.ShouldStartWith("InvalidOperationException: PythonRuntime.Shutdown must be called on the thread that initialized Python");
        result.Value("state-after-refusal").ShouldBe("Started");
        result.Value("still-usable").ShouldBe("0.125");
        result.Value("main-shutdown").ShouldBe("True");
        result.Value("state").ShouldBe("Finalized");
    }
}
