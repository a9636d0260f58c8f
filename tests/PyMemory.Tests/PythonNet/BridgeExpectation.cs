using PyMemory.PythonNet;

namespace PyMemory.Tests.PythonNet;

/// <summary>What the bridge must do on the Python under test, decided from the version alone (not from the bridge's
/// own check): pythonnet 3.2 on 3.11 and later, PyMemory only on 3.8 to 3.10.</summary>
internal static class BridgeExpectation
{
    /// <summary>True when pythonnet 3.2 runs on the Python under test.</summary>
    public static bool PythonNetRuns => PythonRuntime.Version.IsAtLeast(3, 11);

    /// <summary>The mode <see cref="PythonNetBridge.Initialize"/> must answer.</summary>
    public static string Mode => (PythonNetRuns ? PythonNetBridgeMode.PythonNet : PythonNetBridgeMode.PyMemoryOnly).ToString();

    /// <summary>Asserts the child exited 0 and started as expected (the mode line and the log event saying so).</summary>
    public static void ShouldHaveStarted(ChildProcess.Result result)
    {
        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("mode").ShouldBe(Mode, result.ToString());
        result.Value("pythonnet-active").ShouldBe(PythonNetRuns ? "True" : "False");
        result.StdOut.ShouldContain(PythonNetRuns ? "|400|PyMemory.PythonNet|pythonnet 3.2." : "|401|PyMemory.PythonNet|pythonnet 3.2.", Case.Sensitive, result.ToString());
        result.StdErr.ShouldBeEmpty(result.ToString());
    }
}
