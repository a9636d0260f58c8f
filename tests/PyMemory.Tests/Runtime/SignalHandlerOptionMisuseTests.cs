namespace PyMemory.Tests.Runtime;

/// <summary>
/// <see cref="PythonRuntimeOptions.InstallSignalHandlers"/> given once the interpreter runs without it (the test process
/// starts Python with the defaults): like the other start-up options it cannot take effect any more, so Initialize says
/// so instead of ignoring it (before the fix it returned, and Ctrl+C never raised KeyboardInterrupt).
/// </summary>
[Collection(UsesPython.Name)]
public class SignalHandlerOptionMisuseTests
{
    [Fact]
    public void Initialize_with_InstallSignalHandlers_on_a_running_interpreter_throws()
    {
        _ = TestPython.Ensure();
        PythonRuntime.State.ShouldBe(PythonRuntimeState.Started); // the premise: PyMemory started it, without handlers

        InvalidOperationException refused = Should.Throw<InvalidOperationException>(
            () => PythonRuntime.Initialize(new PythonRuntimeOptions { LibraryPath = TestPython.LibraryPath, InstallSignalHandlers = true }));

        refused.Message.ShouldContain("InstallSignalHandlers");
        refused.Message.ShouldContain("already running");
        PythonRuntime.State.ShouldBe(PythonRuntimeState.Started);
    }

    [Fact]
    public void Initialize_without_InstallSignalHandlers_on_a_running_interpreter_still_returns()
    {
        PythonRuntime.Initialize(new PythonRuntimeOptions { LibraryPath = TestPython.LibraryPath, InstallSignalHandlers = false });
        PythonRuntime.IsRunning.ShouldBeTrue();
    }
}
