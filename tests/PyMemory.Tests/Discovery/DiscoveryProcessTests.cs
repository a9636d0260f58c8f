using PyMemory.Interop.Loading;

namespace PyMemory.Tests.Discovery;

/// <summary>
/// Each discovery rule through the real process environment, in a fresh child process that initializes PyMemory
/// with default options. PATH and VIRTUAL_ENV are controlled per test so that only the rule under test can succeed.
/// </summary>
[Collection(UsesPython.Name)]
public class DiscoveryProcessTests
{
    private static string Library => TestInterpreter.LibraryPath;

    [Fact]
    public void Pythonnet_variable_names_the_library()
    {
        using var empty = new TempDirectory();

        ChildProcess.Result result = RunChild("discover", new Dictionary<string, string?>
        {
            ["PYTHONNET_PYDLL"] = Library,
            ["PATH"] = empty.Path,
        });

        AssertStarted(result, "PythonNetEnvironmentVariable");
        result.Value("path").ShouldBe(Library);
        result.StdOut.ShouldContain("log=Information|2|PyMemory.Runtime|Using Python ");
    }

    [SystemLibraryFact]
    public void Pythonnet_variable_may_be_a_bare_library_name_for_the_linkers_search_path()
    {
        (string name, string minor) = InstalledPythons.SystemLibrary()!.Value;

        ChildProcess.Result result = RunChild("discover", new Dictionary<string, string?> { ["PYTHONNET_PYDLL"] = name });

        AssertStarted(result, "PythonNetEnvironmentVariable");
        result.Value("path").ShouldBe(name);
        result.Value("version")!.ShouldStartWith(minor + ".");
    }

    [Fact]
    public void Bad_pythonnet_variable_fails_with_the_list_even_when_other_rules_would_find_python()
    {
        using var bin = new TempDirectory();
        File.CreateSymbolicLink(bin.Combine("python3"), TestInterpreter.ExecutablePath);

        ChildProcess.Result result = RunChild("discover", new Dictionary<string, string?>
        {
            ["PYTHONNET_PYDLL"] = "/nonexistent/libpython3.12.so",
            ["PATH"] = bin.Path, // would succeed if discovery fell through
        });

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Value("candidates").ShouldBe("1");
        result.Value("candidate").ShouldBe("[PythonNetEnvironmentVariable] /nonexistent/libpython3.12.so: file not found");
        result.StdOut.ShouldContain("The CPython library named for PyMemory is not usable.");
        result.StdOut.ShouldContain("PYTHONNET_PYDLL");
    }

    [Fact]
    public void Pythonnet_runtime_property_is_read_by_reflection()
    {
        using var empty = new TempDirectory();

        ChildProcess.Result result = RunChild("pythonnet-property", new Dictionary<string, string?> { ["PATH"] = empty.Path }, Library);

        AssertStarted(result, "PythonNetRuntimeProperty");
        result.Value("path").ShouldBe(Library);
    }

    [Fact]
    public void Bad_pythonnet_runtime_property_fails_decisively()
    {
        ChildProcess.Result result = RunChild("pythonnet-property", null, "/nonexistent/libpython3.11.so");

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Value("candidates").ShouldBe("1");
        result.Value("candidate").ShouldBe("[PythonNetRuntimeProperty] /nonexistent/libpython3.11.so: file not found");
    }

    [Fact]
    public void Pythonnet_variable_wins_over_the_pythonnet_property()
    {
        ChildProcess.Result result = RunChild(
            "pythonnet-property",
            new Dictionary<string, string?> { ["PYTHONNET_PYDLL"] = Library },
            "/nonexistent/libpython3.11.so");

        AssertStarted(result, "PythonNetEnvironmentVariable");
    }

    [Theory]
    [InlineData("VIRTUAL_ENV")]
    [InlineData("PYTHONNET_VENV")]
    public void Virtual_environment_created_now_leads_to_its_base_library(string variable)
    {
        using var dir = new TempDirectory();
        string venv = dir.Combine("venv");
        _ = TestInterpreter.RunExecutable("-m", "venv", "--without-pip", venv);
        Directory.CreateDirectory(dir.Combine("empty"));

        ChildProcess.Result result = RunChild("discover", new Dictionary<string, string?>
        {
            [variable] = venv,
            ["PATH"] = dir.Combine("empty"),
        });

        AssertStarted(result, "VirtualEnvironment");
        TestInterpreter.RealPath(result.Value("path")!).ShouldBe(TestInterpreter.RealPath(Library));
        result.StdOut.ShouldContain($"{variable} is '{venv}'");
    }

    [Fact]
    public void Python3_on_PATH_is_asked_for_its_library()
    {
        using var bin = new TempDirectory();
        File.CreateSymbolicLink(bin.Combine("python3"), TestInterpreter.ExecutablePath);

        ChildProcess.Result result = RunChild("discover", new Dictionary<string, string?> { ["PATH"] = bin.Path });

        AssertStarted(result, "PathInterpreter");
        TestInterpreter.RealPath(result.Value("path")!).ShouldBe(TestInterpreter.RealPath(Library));
        result.StdOut.ShouldContain($"'{bin.Combine("python3")}' on PATH reports it through sysconfig");
    }

    [Fact]
    public void Repeat_start_takes_the_answer_of_python3_on_PATH_from_the_cache()
    {
        using var dir = new TempDirectory();
        string runs = dir.Combine("runs.txt");

        // Stands for python3: answers as the real one would (the library under test), and counts how often it ran.
        string python = dir.WriteFile("bin/python3", $"#!/bin/sh\necho run >> '{runs}'\necho '{Library}'\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(python, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = dir.Combine("bin"),
            ["XDG_CACHE_HOME"] = dir.Combine("cache"),
            [DiscoveryCache.OptOutVariable] = null,
        };

        ChildProcess.Result first = RunChild("discover", new(environment));
        ChildProcess.Result second = RunChild("discover", new(environment));

        AssertStarted(first, "PathInterpreter");
        AssertStarted(second, "PathInterpreter");
        second.Value("path").ShouldBe(Library);
        File.ReadAllLines(runs).Length.ShouldBe(1);
        Directory.GetFiles(dir.Combine("cache", "pymemory")).ShouldHaveSingleItem();
    }

    [Fact]
    public void Without_PATH_or_variables_only_well_known_locations_are_searched()
    {
        string[] wellKnown = [.. Enumerable.Range(8, 6).Reverse()
            .SelectMany(minor => new[] { "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/local/lib", "/usr/lib64", "/usr/lib" }
                .SelectMany(dir => new[] { $"{dir}/libpython3.{minor}.so.1.0", $"{dir}/libpython3.{minor}.so" }))];
        string? expected = wellKnown.FirstOrDefault(File.Exists);

        ChildProcess.Result result = RunChild("discover", new Dictionary<string, string?> { ["PATH"] = null });

        if (expected is null)
        {
            // No system Python on this machine: the search ends with the full, actionable list.
            result.ExitCode.ShouldBe(3, result.ToString());
            result.StdOut.ShouldContain("No usable CPython library");
        }
        else
        {
            AssertStarted(result, "WellKnownLocation");
            result.Value("path").ShouldBe(expected);
        }
    }

    /// <summary>Runs a scenario with pythonnet's venv variable removed too (ChildProcess already removes
    /// PYTHONNET_PYDLL and VIRTUAL_ENV), so that a developer's environment cannot choose for the test, and the
    /// discovery cache off unless the test sets it up (every rule is then really asked, and the user's cache is left
    /// alone).</summary>
    private static ChildProcess.Result RunChild(string scenario, Dictionary<string, string?>? environment, params string[] args)
    {
        environment ??= [];
        environment.TryAdd("PYTHONNET_VENV", null);
        environment.TryAdd(DiscoveryCache.OptOutVariable, "0");
        return ChildProcess.Run(scenario, environment, args);
    }

    private static void AssertStarted(ChildProcess.Result result, string rule)
    {
        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("rule").ShouldBe(rule, result.ToString());
        result.Value("state").ShouldBe("Started");
        result.Value("sys-version").ShouldBe(result.Value("version"));
    }
}
