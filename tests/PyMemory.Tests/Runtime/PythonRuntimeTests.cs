using PyMemory.Interop.Loading;

namespace PyMemory.Tests.Runtime;

[Collection(UsesPython.Name)]
public class PythonRuntimeTests
{
    [Fact]
    public void Initialize_again_with_the_same_library_returns_at_once()
    {
        PythonRuntimeState before = PythonRuntime.State;

        PythonRuntime.Initialize(new PythonRuntimeOptions { LibraryPath = PythonRuntime.Library.Library.Path });
        PythonRuntime.Initialize();

        PythonRuntime.State.ShouldBe(before);
        PythonRuntime.IsRunning.ShouldBeTrue();
    }

    [Fact]
    public void Initialize_with_a_different_library_throws_instead_of_loading_a_second_python()
    {
        InvalidOperationException e = Should.Throw<InvalidOperationException>(
            () => PythonRuntime.Initialize(new PythonRuntimeOptions { LibraryPath = "/somewhere/else/libpython3.99.so" }));

        e.Message.ShouldContain("one interpreter per process");
        e.Message.ShouldContain("/somewhere/else/libpython3.99.so");
    }

    [Fact]
    public void The_test_process_started_its_interpreter_and_reports_how_it_was_found()
    {
        PythonRuntime.State.ShouldBe(PythonRuntimeState.Started);
        PythonLibraryResolution library = PythonRuntime.Library;
        library.Candidates[^1].Outcome.ShouldBe("loaded");
        library.ToString().ShouldContain($"Python {PythonRuntime.Version} from '{library.Library.Path}'");
        if (TestPython.LibraryPath is not null)
        {
            library.Rule.ShouldBe(PythonDiscoveryRule.ExplicitPath);
        }
    }
}
