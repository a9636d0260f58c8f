namespace PyMemory.Tests.PythonNet;

/// <summary>Several threads mixing pythonnet's Py.GIL() and GilScope, with objects crossing each round.</summary>
[Collection(UsesPython.Name)]
public class PythonNetThreadsTests
{
    [Fact]
    public void Threads_mixing_Py_GIL_and_GilScope_complete_every_round()
    {
        ChildProcess.Result result = ChildProcess.Run("pythonnet-threads");

        BridgeExpectation.ShouldHaveStarted(result);
        result.Value("rounds").ShouldBe("800", result.ToString());
        result.Value("errors").ShouldBe("0");
        result.Value("shutdown").ShouldBe("True");
    }
}
