namespace PyMemory.Tests.PythonNet;

/// <summary>The bridge with PyMemory.Hosting's hosted service, in a child process each: both start orders, and a host
/// that stops while pythonnet still runs.</summary>
[Collection(UsesPython.Name)]
public class PythonNetHostingTests
{
    [Fact]
    public void Bridge_started_in_Main_serves_the_host_and_Main_shuts_both_down_after_it_stopped()
    {
        ChildProcess.Result result = ChildProcess.Run("pythonnet-hosting", null, "bridge-first");

        BridgeExpectation.ShouldHaveStarted(result);
        result.Value("work").ShouldBe(BridgeExpectation.PythonNetRuns ? "both-42" : "pymemory");
        result.StdOut.ShouldContain("|306|PyMemory.Hosting|", Case.Sensitive); // the host uses Python it does not own
        result.Value("state-after-stop").ShouldBe("Started");
        result.Value("bridge-shutdown").ShouldBe("True");
        result.Value("state-after-shutdown").ShouldBe("Finalized");
    }

    [Fact]
    public void Bridge_started_after_the_host_shuts_pythonnet_down_and_leaves_finalizing_to_the_host()
    {
        ChildProcess.Result result = ChildProcess.Run("pythonnet-hosting", null, "host-first");

        BridgeExpectation.ShouldHaveStarted(result);
        result.Value("work").ShouldBe(BridgeExpectation.PythonNetRuns ? "both-42" : "pymemory");

        // Also on the fallback, where the bridge runs PyMemory only: the interpreter is the hosted service's to finalize.
        result.StdOut.ShouldContain("|411|PyMemory.PythonNet|", Case.Sensitive, result.ToString());
        result.Value("bridge-shutdown").ShouldBe("False");
        result.StdOut.ShouldContain("|305|PyMemory.Hosting|PyMemory's hosted service stopped: finalized Python", Case.Sensitive);
        result.Value("state-after-stop").ShouldBe("Finalized");
    }

    [Fact]
    public void A_host_that_stops_while_pythonnet_runs_leaves_Python_running_and_the_process_exits_cleanly()
    {
        // Before the hosted service caught the refusal, it was thrown on the interpreter thread and ended the process.
        ChildProcess.Result result = ChildProcess.Run("pythonnet-hosting", null, "host-first-forgot");

        BridgeExpectation.ShouldHaveStarted(result);
        if (BridgeExpectation.PythonNetRuns)
        {
            result.StdOut.ShouldContain("|305|PyMemory.Hosting|PyMemory's hosted service stopped: Python was not finalized: PythonRuntime.Shutdown refused: pythonnet's engine", Case.Sensitive, result.ToString());
            result.Value("state-after-stop").ShouldBe("Started");
            result.StdOut.ShouldContain("|420|PyMemory.PythonNet|", Case.Sensitive); // pythonnet shut down at exit
        }
        else
        {
            result.Value("state-after-stop").ShouldBe("Finalized");
        }
    }
}
