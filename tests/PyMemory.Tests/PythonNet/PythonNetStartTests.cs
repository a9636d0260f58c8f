namespace PyMemory.Tests.PythonNet;

/// <summary>Starting PyMemory and pythonnet in each order, in a child process each (exit code 0: no crash, no hang at
/// exit): through pythonnet on 3.11 and later, PyMemory alone on 3.8 to 3.10.</summary>
[Collection(UsesPython.Name)]
public class PythonNetStartTests
{
    [Theory]
    [InlineData("bridge")]
    [InlineData("pymemory-first")]
    public void Bridge_starts_both_on_one_interpreter_and_shuts_both_down(string order)
    {
        ChildProcess.Result result = ChildProcess.Run("pythonnet-start", null, order);

        BridgeExpectation.ShouldHaveStarted(result);
        result.Value("state").ShouldBe("Started");
        result.Value("second-initialize").ShouldBe(BridgeExpectation.Mode);
        result.Value("pymemory-eval").ShouldBe("42");
        result.Value("pythonnet-eval").ShouldBe(BridgeExpectation.PythonNetRuns ? "42" : null);
        result.Value("pythonnet-gil-eval").ShouldBe(BridgeExpectation.PythonNetRuns ? "45" : null);
        result.Value("shutdown").ShouldBe("True");
        result.Value("state-after-shutdown").ShouldBe("Finalized");
    }

    [Fact]
    public void Debug_hooks_given_to_PyMemory_first_are_in_force_under_pythonnet()
    {
        ChildProcess.Result result = ChildProcess.Run("pythonnet-start", null, "pymemory-first");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdOut.ShouldContain("debug hooks True", Case.Sensitive, result.ToString());
    }

    [Fact]
    public void Bridge_attaches_to_pythonnet_started_by_the_caller_and_leaves_its_shutdown_to_the_caller()
    {
        if (!BridgeExpectation.PythonNetRuns)
        {
            return; // pythonnet 3.2 cannot start on 3.8-3.10 at all: there is no such order to test there
        }

        ChildProcess.Result result = ChildProcess.Run("pythonnet-start", null, "pythonnet-first");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("mode").ShouldBe("PythonNetStartedByCaller", result.ToString());
        result.Value("state").ShouldBe("Attached");
        result.Value("pythonnet-active").ShouldBe("True");
        result.StdOut.ShouldContain("|402|PyMemory.PythonNet|", Case.Sensitive);
        result.Value("pymemory-eval").ShouldBe("42");
        result.Value("pythonnet-eval").ShouldBe("42");
        result.Value("bridge-shutdown").ShouldBe("False");
        result.Value("shutdown").ShouldBe("False");
        result.Value("state-after-shutdown").ShouldBe("Attached");
        result.StdErr.ShouldBeEmpty(result.ToString());
    }

    [Theory]
    [PyenvLibraryData("3.8", "libpython3.8.so")]
    [PyenvLibraryData("3.9", "libpython3.9.so")]
    [PyenvLibraryData("3.10", "libpython3.10.so")]
    public void A_failed_pythonnet_start_releases_the_GIL_it_left_held_so_other_threads_are_not_blocked(string library, string version)
    {
        // pythonnet 3.2 has no layout for these versions, so its Initialize throws after attaching: the one real way to
        // make it fail. The bridge is told to try anyway.
        ChildProcess.Result result = ChildProcess.Run("pythonnet-failed-start", new Dictionary<string, string?> { [TestPython.Variable] = library });

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("initialize").ShouldBe("InvalidOperationException", result.ToString());
        result.Value("initialize-message")!.ShouldStartWith($"pythonnet 3.2.");
        result.Value("initialize-message")!.ShouldContain($"could not start its engine on Python {version}");
        result.Value("initialize-message")!.ShouldContain("is not supported"); // pythonnet's own message, kept
        result.StdOut.ShouldContain("|403|PyMemory.PythonNet|", Case.Sensitive);
        result.StdOut.ShouldContain("the GIL it left held was released: True", Case.Sensitive);
        result.Value("mode").ShouldBe("NotInitialized");
        result.Value("state").ShouldBe("Started");
        result.Value("gil-held-here").ShouldBe("False");
        result.Value("worker").ShouldBe("ok");
        result.Value("worker-result").ShouldBe("worker got the GIL");
        result.Value("shutdown").ShouldBe("True");
    }
}
