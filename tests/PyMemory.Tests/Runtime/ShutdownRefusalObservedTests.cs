namespace PyMemory.Tests.Runtime;

/// <summary>
/// A refused Shutdown changes nothing another thread can observe: <see cref="PythonRuntime.IsRunning"/> stays true and
/// <see cref="PythonRuntime.State"/> stays Started during thousands of refusals (before the fix each refusal flipped
/// them to false and ShuttingDown for a moment, so a worker polling IsRunning could stop although nothing stopped). In
/// a child process, because Shutdown must run on the initializing thread; it exits 3 if anything hangs.
/// </summary>
[Collection(UsesPython.Name)]
public class ShutdownRefusalObservedTests
{
    [Fact]
    public void IsRunning_and_State_do_not_flicker_while_Shutdown_is_refused()
    {
        ChildProcess.Result result = ChildProcess.Run("shutdown-refusal-observed");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("refused").ShouldBe("20000");
        result.Value("observer-read").ShouldBe("True");
        result.Value("is-running-false-while-refused").ShouldBe("0", result.ToString());
        result.Value("state-not-started-while-refused").ShouldBe("0", result.ToString());
        result.Value("shutdown").ShouldBe("True");
        result.Value("is-running-after").ShouldBe("False");
        result.StdErr.ShouldBeEmpty();
    }
}
