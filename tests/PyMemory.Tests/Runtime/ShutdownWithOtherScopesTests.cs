namespace PyMemory.Tests.Runtime;

/// <summary>
/// Shutdown while another thread is inside a GilScope refuses at once (before the fix it hung forever: it waited
/// for the GIL the worker held, and the worker then waited for Shutdown's lock). The child process ends itself with
/// exit code 3 if anything hangs.
/// </summary>
[Collection(UsesPython.Name)]
public class ShutdownWithOtherScopesTests
{
    [Theory]
    [InlineData("scope")]
    [InlineData("allow-threads")]
    public void Shutdown_refuses_while_another_thread_is_in_a_scope_and_succeeds_once_it_left(string workerState)
    {
        ChildProcess.Result result = ChildProcess.Run("shutdown-while-worker-in-scope", null, workerState);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("first-shutdown").ShouldBe("InvalidOperationException", result.ToString());
        result.Value("first-shutdown-message")!.ShouldContain("1 other thread(s) are inside a GilScope");
        result.Value("state-after-refusal").ShouldBe("Started");

        // The worker was not left hung: it went on allocating inside its scope and finished.
        result.Value("worker").ShouldBe("allocated:64,is-held:True", result.ToString());
        result.Value("second-shutdown").ShouldBe("True");
        result.StdErr.ShouldBeEmpty();
    }

    [Fact]
    public void After_shutdown_IsHeld_is_false_and_a_new_scope_throws_InterpreterFinalizedException()
    {
        ChildProcess.Result result = ChildProcess.Run("shutdown-while-worker-in-scope", null, "scope");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("is-held-after-shutdown").ShouldBe("False");
        result.Value("late-worker").ShouldBe("is-held:False,InterpreterFinalizedException", result.ToString());
    }
}
