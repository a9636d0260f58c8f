namespace PyMemory.Tests.PythonNet;

/// <summary>Shutdown orders and process exit with the bridge, each in a child process with a timeout: exit code 0 is
/// the proof of neither a SIGSEGV (139) nor a hang.</summary>
[Collection(UsesPython.Name)]
public class PythonNetShutdownTests
{
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(45);

    [Theory]
    [InlineData("bridge")]
    [InlineData("runtime-after-refusal")]
    [InlineData("pythonnet-then-runtime")]
    public void Shutting_down_pythonnet_then_PyMemory_finalizes_and_exits_cleanly(string how)
    {
        ChildProcess.Result result = ChildProcess.Run("pythonnet-shutdown", null, how);

        BridgeExpectation.ShouldHaveStarted(result);
        result.Value("state-after-shutdown").ShouldBe("Finalized");
        if (how == "runtime-after-refusal")
        {
            // With pythonnet the first PythonRuntime.Shutdown refuses and the bridge's finalizes; alone, the first one
            // finalizes and the bridge's has nothing left to do.
            result.Value("runtime-shutdown").ShouldBe(BridgeExpectation.PythonNetRuns ? "InvalidOperationException" : "ok", result.ToString());
            result.Value("shutdown").ShouldBe(BridgeExpectation.PythonNetRuns ? "True" : "False");
        }
        else
        {
            result.Value("shutdown").ShouldBe("True");
        }
    }

    [Fact]
    public void PythonRuntime_Shutdown_alone_refuses_while_pythonnet_runs_and_the_process_exits_cleanly()
    {
        // Before the guard, this finalized the interpreter under pythonnet and the process died at exit with SIGSEGV.
        ChildProcess.Result result = ChildProcess.Run("pythonnet-shutdown", null, "runtime-alone");

        BridgeExpectation.ShouldHaveStarted(result);
        if (BridgeExpectation.PythonNetRuns)
        {
            result.Value("runtime-shutdown").ShouldBe("InvalidOperationException", result.ToString());
            result.Value("runtime-shutdown-message")!.ShouldContain("pythonnet's engine still runs on this interpreter");
            result.Value("runtime-shutdown-message")!.ShouldContain("PythonNetBridge.Shutdown()");
            result.Value("state-after-refusal").ShouldBe("Started");
            result.Value("usable-after-refusal").ShouldBe("2");
            result.Value("engine-initialized").ShouldBe("True");
            result.StdOut.ShouldContain("|420|PyMemory.PythonNet|", Case.Sensitive); // the exit handler shut pythonnet down
        }
        else
        {
            // Without pythonnet's engine there is nothing to refuse for.
            result.Value("runtime-shutdown").ShouldBe("ok", result.ToString());
            result.Value("runtime-shutdown-value").ShouldBe("True");
        }
    }

    [Fact]
    public void Exit_without_any_shutdown_shuts_pythonnet_down_and_exits_cleanly()
    {
        ChildProcess.Result result = ChildProcess.RunUnder([], ExitLimit, "pythonnet-shutdown", null, "none");

        BridgeExpectation.ShouldHaveStarted(result);
        result.Value("returning").ShouldBe("without-shutdown");
        if (BridgeExpectation.PythonNetRuns)
        {
            result.StdOut.ShouldContain("|420|PyMemory.PythonNet|", Case.Sensitive, result.ToString());
        }
    }

    [Theory]
    [InlineData("gilscope", "return")]
    [InlineData("gilscope", "exit")]
    [InlineData("pygil", "return")]
    [InlineData("pygil", "exit")]
    public void Exit_while_another_thread_holds_the_GIL_does_not_hang(string holder, string exit)
    {
        // pythonnet's own exit handler waits for that GIL forever (the child would be killed at ExitLimit).
        ChildProcess.Result result = ChildProcess.RunUnder([], ExitLimit, "pythonnet-exit-held", null, holder, exit);

        BridgeExpectation.ShouldHaveStarted(result);
        result.Value("held-by").ShouldBe(holder == "pygil" && BridgeExpectation.PythonNetRuns ? "Py.GIL" : "GilScope");
        result.Value("exiting").ShouldBe(exit);
        if (BridgeExpectation.PythonNetRuns)
        {
            result.StdOut.ShouldContain("|421|PyMemory.PythonNet|", Case.Sensitive, result.ToString());
        }
    }
}
