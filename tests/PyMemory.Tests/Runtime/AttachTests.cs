using PyMemory.Tests.Discovery;

namespace PyMemory.Tests.Runtime;

/// <summary>Another host started the interpreter first (pythonnet's situation): PyMemory attaches and never finalizes.</summary>
[Collection(UsesPython.Name)]
public class AttachTests
{
    [Theory]
    [InlineData("discover", "AlreadyLoaded")]
    [InlineData("explicit", "ExplicitPath")]
    public void PyMemory_attaches_to_an_interpreter_another_host_started_and_never_finalizes_it(string mode, string rule)
    {
        ChildProcess.Result result = ChildProcess.Run("attach-running", null, mode);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("host-initialized").ShouldBe("1");
        result.Value("rule").ShouldBe(rule, result.ToString());
        TestInterpreter.RealPath(result.Value("path")!).ShouldBe(TestInterpreter.RealPath(TestInterpreter.LibraryPath));
        result.Value("state").ShouldBe("Attached");
        result.Value("host-still-holds-gil").ShouldBe("1");
        result.Value("other-thread").ShouldBe("42");
        result.Value("shutdown").ShouldBe("False");
        result.Value("state-after-shutdown").ShouldBe("Attached");
        result.Value("py-initialized-after-shutdown").ShouldBe("1");
        result.Value("still-usable").ShouldBe("42");
    }

    [Fact]
    public void A_different_libpython_is_refused_while_another_hosts_interpreter_runs()
    {
        // A copy of the library under test is a different file, and a usable CPython: the refusal rests on the file,
        // not on the version, so this needs no second Python installed.
        using var dir = new TempDirectory();
        string other = dir.Combine(Path.GetFileName(TestInterpreter.RealPath(TestInterpreter.LibraryPath)));
        File.Copy(TestInterpreter.RealPath(TestInterpreter.LibraryPath), other);

        ChildProcess.Result result = ChildProcess.Run("second-python", null, other);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("exception").ShouldBe("InvalidOperationException", result.ToString());
        result.Value("message")!.ShouldContain("Another host already runs a Python interpreter from");
        result.Value("message")!.ShouldContain(other);
        result.Value("state-after").ShouldBe("NotInitialized");
        result.Value("host-initialized").ShouldBe("1");
    }
}
