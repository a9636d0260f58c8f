namespace PyMemory.Tests.Runtime;

/// <summary>
/// PythonRuntimeOptions.InstallSignalHandlers gives Python a SIGINT handler even though the .NET runtime owns SIGINT
/// (before the fix Python had none, and <c>_thread.interrupt_main()</c> raised nothing). In a child process: the option
/// only applies at start-up, and Python's handler replaces the runtime's.
/// </summary>
[Collection(UsesPython.Name)]
public class SignalHandlerTests
{
    [Fact]
    public void With_the_option_SIGINT_raises_KeyboardInterrupt_in_Python()
    {
        ChildProcess.Result result = ChildProcess.Run("signal-handlers", null, "on");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("handler").ShouldBe("default_int_handler", result.ToString());
        result.Value("interrupt-main").ShouldBe("KeyboardInterrupt", result.ToString());
        result.Value("real-signal").ShouldBe("KeyboardInterrupt", result.ToString());
        result.Value("shutdown").ShouldBe("True");
    }

    [Fact]
    public void Without_the_option_Python_has_no_SIGINT_handler_and_the_host_keeps_SIGINT()
    {
        ChildProcess.Result result = ChildProcess.Run("signal-handlers", null, "off");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("handler").ShouldNotBe("default_int_handler", result.ToString());
        result.Value("interrupt-main").ShouldNotBe("KeyboardInterrupt", result.ToString());
    }
}
