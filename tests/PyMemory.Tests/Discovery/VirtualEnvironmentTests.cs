using PyMemory.Interop.Loading;

namespace PyMemory.Tests.Discovery;

/// <summary>
/// A real venv of the Python under test, chosen without activating it (its bin not on <c>PATH</c>, as services and
/// containers run), must behave as if activated: <c>sys.prefix</c> the venv, its packages importable,
/// <c>sys.executable</c> its interpreter (so that <c>subprocess.run([sys.executable, ...])</c> starts the same
/// Python), <c>sys.base_prefix</c> the base install. Each case in a fresh child process; <c>PATH</c> holds a
/// <c>python3</c> of another version where one is installed, the one CPython would otherwise take as its executable.
/// </summary>
[Collection(UsesPython.Name)]
public class VirtualEnvironmentTests
{
    [VenvTheory]
    [InlineData("VIRTUAL_ENV")]
    [InlineData("PYTHONNET_VENV")]
    public void Venv_named_by_a_variable_is_active_without_its_bin_on_PATH(string variable)
    {
        TestVenv venv = TestVenv.Shared.Require();

        ChildProcess.Result result = Run([], new() { [variable] = venv.Directory, ["PATH"] = venv.OtherBin });

        AssertVenvActive(result, venv);
        result.Value("rule").ShouldBe("VirtualEnvironment");
        result.Value("resolved-venv").ShouldBe(venv.Directory);
        result.Values("log").ShouldContain($"Information|4|PyMemory.Runtime|Python's executable (program name): {venv.Interpreter}; virtual environment: {venv.Directory}");
    }

    [VenvFact]
    public void Venv_python_first_on_PATH_is_active_without_VIRTUAL_ENV()
    {
        TestVenv venv = TestVenv.Shared.Require();

        ChildProcess.Result result = Run([], new() { ["PATH"] = Path.Combine(venv.Directory, "bin") + Path.PathSeparator + venv.OtherBin });

        AssertVenvActive(result, venv);
        result.Value("rule").ShouldBe("PathInterpreter");
    }

    [VenvFact]
    public void Executable_given_in_code_makes_its_venv_active()
    {
        TestVenv venv = TestVenv.Shared.Require();

        ChildProcess.Result result = Run(["library", "executable=" + venv.Interpreter], new() { ["PATH"] = venv.OtherBin });

        AssertVenvActive(result, venv);
        result.Value("rule").ShouldBe("ExplicitPath");
    }

    [VenvFact]
    public void Venv_named_by_a_variable_applies_to_a_library_given_in_code_too()
    {
        TestVenv venv = TestVenv.Shared.Require();

        ChildProcess.Result result = Run(["library"], new() { ["VIRTUAL_ENV"] = venv.Directory, ["PATH"] = venv.OtherBin });

        AssertVenvActive(result, venv);
        result.Value("rule").ShouldBe("ExplicitPath");
    }

    [VenvTheory]
    [InlineData("tracking debug-hooks", null)]
    [InlineData("tracking", "debug")]
    [InlineData("debug-hooks", null)]
    public void Venv_is_active_with_tracking_and_debug_hooks(string options, string? pythonMalloc)
    {
        TestVenv venv = TestVenv.Shared.Require();

        ChildProcess.Result result = Run(
            options.Split(' '),
            new() { ["VIRTUAL_ENV"] = venv.Directory, ["PATH"] = venv.OtherBin, ["PYTHONMALLOC"] = pythonMalloc });

        AssertVenvActive(result, venv);
    }

    [VenvFact]
    public void Without_a_venv_the_executable_is_the_loaded_versions_not_python3_on_PATH()
    {
        TestVenv venv = TestVenv.Shared.Require();

        ChildProcess.Result result = Run(["library"], new() { ["PATH"] = venv.OtherBin });

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("executable").ShouldBe(TestInterpreter.ExecutablePath, result.ToString());
        result.Value("prefix").ShouldBe(venv.BasePrefix);
        result.Value("base-prefix").ShouldBe(venv.BasePrefix);
        result.Value("resolved-venv").ShouldBe("");
        result.Value("marker")!.ShouldStartWith("ImportError");
        result.Value("subprocess").ShouldBe(result.Value("sys-version") + " " + venv.BasePrefix, result.ToString());
    }

    [SystemLibraryFact]
    public void Library_named_by_its_bare_file_name_gets_its_installs_executable()
    {
        (string name, string minor) = InstalledPythons.SystemLibrary()!.Value;
        using var empty = new TempDirectory();

        ChildProcess.Result result = Run([], new() { ["PYTHONNET_PYDLL"] = name, ["PATH"] = empty.Path });

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("path").ShouldBe(name);
        result.Value("executable").ShouldBe("/usr/bin/python" + minor, result.ToString());
        result.Value("subprocess")!.ShouldStartWith(result.Value("sys-version") + " ");
    }

    [VenvFact]
    public void Venv_of_another_version_named_by_a_variable_is_not_applied()
    {
        TestVenv venv = TestVenv.Shared.Require();
        using var other = new TempDirectory();
        other.WriteFile("pyvenv.cfg", "home = /nonexistent/bin\nversion = 3.7.16\n");
        other.WriteFile("bin/python3", "");

        ChildProcess.Result result = Run(["library"], new() { ["VIRTUAL_ENV"] = other.Path, ["PATH"] = venv.EmptyDirectory });

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("resolved-venv").ShouldBe("");
        result.Value("executable").ShouldBe(TestInterpreter.ExecutablePath);
        result.Value("prefix").ShouldBe(venv.BasePrefix);
    }

    [VenvFact]
    public void Venv_of_another_install_of_the_same_version_named_by_a_variable_is_not_applied()
    {
        TestVenv venv = TestVenv.Shared.Require();
        using var other = new TempDirectory();
        string name = "python" + TestInterpreter.MinorVersion;
        other.WriteFile("base/bin/" + name, "another install's interpreter");
        other.WriteFile("venv/pyvenv.cfg", $"home = {other.Combine("base", "bin")}\nversion = {TestInterpreter.MinorVersion}.0\n");
        other.WriteFile("venv/bin/" + name, "");

        ChildProcess.Result result = Run(["library"], new() { ["VIRTUAL_ENV"] = other.Combine("venv"), ["PATH"] = venv.EmptyDirectory });

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("resolved-venv").ShouldBe("");
        result.Value("executable").ShouldBe(TestInterpreter.ExecutablePath);
    }

    [VenvFact]
    public void Extra_sys_path_entries_come_first_in_order_even_before_the_venvs_packages()
    {
        TestVenv venv = TestVenv.Shared.Require();

        ChildProcess.Result result = Run(
            ["extra=" + venv.ExtraDirectory, "extra=" + venv.EmptyDirectory],
            new() { ["VIRTUAL_ENV"] = venv.Directory, ["PATH"] = venv.OtherBin });

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("path0").ShouldBe(venv.ExtraDirectory);
        result.Value("path1").ShouldBe(venv.EmptyDirectory);
        result.Value("marker").ShouldBe(Path.Combine(venv.ExtraDirectory, "venv_marker", "__init__.py"));
        result.Value("prefix").ShouldBe(venv.Directory);
    }

    [VenvFact]
    public void Python_home_given_in_code_is_the_prefix()
    {
        TestVenv venv = TestVenv.Shared.Require();

        ChildProcess.Result result = Run(["library", "home=" + venv.BasePrefix], new() { ["PATH"] = venv.OtherBin });

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("prefix").ShouldBe(venv.BasePrefix);
        result.Value("base-prefix").ShouldBe(venv.BasePrefix);
        result.Value("marker")!.ShouldStartWith("ImportError");
    }

    [Fact]
    public void Python_home_without_a_standard_library_is_an_argument_exception_not_an_abort()
    {
        using var empty = new TempDirectory();

        ChildProcess.Result result = Run(["library", "home=" + empty.Path], []);

        result.ExitCode.ShouldBe(4, result.ToString());
        result.Value("exception").ShouldBe("System.ArgumentException");
        result.StdOut.ShouldContain($"PythonRuntimeOptions.PythonHome is '{empty.Path}', which holds no standard library");
    }

    [Fact]
    public void Missing_executable_is_an_argument_exception()
    {
        ChildProcess.Result result = Run(["library", "executable=/nonexistent/bin/python3"], []);

        result.ExitCode.ShouldBe(4, result.ToString());
        result.Value("exception").ShouldBe("System.ArgumentException");
        result.StdOut.ShouldContain("PythonRuntimeOptions.Executable is '/nonexistent/bin/python3', which is not an existing file");
    }

    [Fact]
    public void Executable_of_a_venv_of_another_version_is_an_argument_exception()
    {
        using var other = new TempDirectory();
        other.WriteFile("pyvenv.cfg", "home = /nonexistent/bin\nversion = 3.7.16\n");
        string python = other.WriteFile("bin/python3", "");

        ChildProcess.Result result = Run(["library", "executable=" + python], []);

        result.ExitCode.ShouldBe(4, result.ToString());
        result.Value("exception").ShouldBe("System.ArgumentException");
        result.StdOut.ShouldContain("made by Python 3.7.16");
    }

    [VenvFact]
    public void Executable_asked_of_the_interpreter_PyMemory_already_started_throws()
    {
        TestVenv venv = TestVenv.Shared.Require();

        ChildProcess.Result result = Run(["library", "again=" + venv.Interpreter], []);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("again")!.ShouldStartWith("The interpreter is already running, so ");
        result.Value("again")!.ShouldContain("Executable, PythonHome and ExtraSysPath cannot take effect");
    }

    [Theory]
    [InlineData("executable=/usr/bin/python3")]
    [InlineData("home=/usr")]
    [InlineData("extra=/tmp")]
    public void Start_up_paths_asked_of_an_interpreter_another_host_started_throw(string option)
    {
        ChildProcess.Result result = ChildProcess.Run("venv-attach", null, option);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("refused").ShouldBe(
            "InvalidOperationException: Executable, PythonHome and ExtraSysPath need PyMemory to start the interpreter, but another host already started it; its sys.executable, sys.prefix and sys.path are already decided (change sys.path from Python code instead).");
        result.Value("state").ShouldBe("Attached");
    }

    /// <summary>Runs the venv-report scenario with a neutral environment (no pythonnet venv, PYTHONHOME or
    /// PYTHONPATH from the developer's shell) and the discovery cache off, so that only what the test sets decides.</summary>
    private static ChildProcess.Result Run(string[] args, Dictionary<string, string?> environment)
    {
        environment.TryAdd("PYTHONNET_VENV", null);
        environment.TryAdd("PYTHONHOME", null);
        environment.TryAdd("PYTHONPATH", null);
        environment.TryAdd(DiscoveryCache.OptOutVariable, "0");
        return ChildProcess.Run("venv-report", environment, args);
    }

    private static void AssertVenvActive(ChildProcess.Result result, TestVenv venv)
    {
        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("executable").ShouldBe(venv.Interpreter, result.ToString());
        result.Value("prefix").ShouldBe(venv.Directory);
        result.Value("exec-prefix").ShouldBe(venv.Directory);
        result.Value("base-prefix").ShouldBe(venv.BasePrefix);
        result.Value("marker")!.ShouldStartWith(venv.Directory + "/", Case.Sensitive, result.ToString());
        result.Value("marker")!.ShouldEndWith(Path.Combine("site-packages", "venv_marker", "__init__.py"));

        // The interpreter's own child: same version, and the venv is active there too.
        result.Value("subprocess").ShouldBe(result.Value("sys-version") + " " + venv.Directory, result.ToString());
    }
}
