using PyMemory.Cli;

namespace PyMemory.Tests.Cli;

/// <summary>Usage errors and help of the built <c>pymem</c>: a clear message, exit code 2, never a stack trace; and
/// <c>pymem doctor</c>.</summary>
public sealed class PymemUsageTests
{
    public static TheoryData<string[], string> UsageErrors => new()
    {
        { ["run", "no-such-script.py"], "Script 'no-such-script.py' not found." },
        { ["run", "--no-such-option", "x.py"], "Unrecognized option '--no-such-option'" },
        { ["run", "--budget", "12XB", "x.py"], "'12XB' is not a size" },
        { ["run", "--budget", "0", "x.py"], "A budget must be at least 1 byte" },
        { ["run", "--budget-domain", "gpu=1MiB", "x.py"], "'gpu=1MiB' is not DOMAIN=SIZE" },
        { ["run", "--sample-interval", "-5", "x.py"], "'-5' is not a size" },
        { ["run", "--fail-nth", "zero", "x.py"], "--fail-nth needs a whole number of 1 or more" },
        { ["run", "--live", "sometimes", "x.py"], "sometimes" },
        { ["run"], "Required argument missing" },
        { [], "Required command was not provided." },
        { ["frobnicate"], "frobnicate" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public void A_usage_error_gives_a_message_and_exit_code_2(string[] args, string message)
    {
        // In this process: a usage error is found before anything starts Python, so the parse is all there is to run.
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = new PymemCommandLine(output, error).Invoke(args);
        exitCode.ShouldBe(2, error.ToString());
        error.ToString().ShouldContain(message, Case.Sensitive, error.ToString());
        error.ToString().ShouldContain("--help' for usage.");
        Pymem.HasStackTrace(output.ToString() + error.ToString()).ShouldBeFalse(error.ToString());
    }

    [Theory]
    [InlineData("no-such-script.py")]
    [InlineData("--no-such-option")]
    [InlineData("--budget=12XB")]
    public void The_built_tool_exits_2_on_a_usage_error(string arg)
    {
        ChildProcess.Result result = Pymem.Run(null, "run", arg, "x.py");
        result.ExitCode.ShouldBe(2, result.ToString());
        result.StdErr.ShouldStartWith("pymem: ");
        Pymem.HasStackTrace(result.StdOut + result.StdErr).ShouldBeFalse(result.ToString());
    }

    [Fact]
    public void A_report_file_in_a_missing_folder_is_refused_before_the_run()
    {
        ChildProcess.Result result = Pymem.Run(null, "run", "--json", "/no/such/folder/r.json", Pymem.Script("exits_7.py"));
        result.ExitCode.ShouldBe(2, result.ToString());
        result.StdErr.ShouldContain("folder '/no/such/folder' does not exist");
    }

    [Fact]
    public void Help_lists_the_options_and_the_exit_codes()
    {
        ChildProcess.Result result = Pymem.Run(null, "run", "--help");
        result.ExitCode.ShouldBe(0, result.ToString());
        foreach (string option in (string[])["--python", "--budget", "--budget-domain", "--sample-interval", "--fail-nth", "--json", "--html", "--live"])
        {
            result.StdOut.ShouldContain(option);
        }

        result.StdOut.ShouldContain("3 a budget stopped it");
        result.StdOut.ShouldContain("4 no usable Python");
    }

    [Fact]
    public void Doctor_shows_the_chosen_python_its_candidates_and_the_extension_modules()
    {
        ChildProcess.Result result = Pymem.Run(null, ["doctor", .. Pymem.PythonOption]);
        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdOut.ShouldContain("Candidates, in the order discovery tried them");
        result.StdOut.ShouldContain("chosen");
        result.StdOut.ShouldContain("Chosen: Python 3.");
        result.StdOut.ShouldContain(TestPython.LibraryUnderTest); // the library under test is the one chosen
        foreach (string module in (string[])["_ctypes", "_decimal", "_json", "math", "select"])
        {
            result.StdOut.ShouldMatch($@"(?m)^│ {module} +│ ok ");
        }

        result.StdOut.ShouldContain("Allocator: ");
        result.StdOut.ShouldContain("Debug hooks: off");
    }

    [Fact]
    public void Doctor_also_checks_the_candidates_discovery_never_reached()
    {
        // --python is decisive, so discovery never reaches PYTHONNET_PYDLL; doctor still checks it (Survey).
        string library = TestPython.LibraryUnderTest;
        ChildProcess.Result result = Pymem.Run(
            new Dictionary<string, string?> { ["PYTHONNET_PYDLL"] = "/nonexistent/libpython3.12.so" },
            "doctor", "--python", library);
        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdOut.ShouldContain($"[ExplicitPath] {library}: chosen", Case.Sensitive, result.ToString());
        result.StdOut.ShouldContain("[PythonNetEnvironmentVariable] /nonexistent/libpython3.12.so: not tried; file not found", Case.Sensitive, result.ToString());
    }

    [Fact]
    public void Doctor_says_why_a_named_python_was_refused()
    {
        // PYTHONNET_PYDLL names one library: discovery uses it or stops (it never falls back to another Python).
        ChildProcess.Result result = Pymem.Run(new Dictionary<string, string?> { ["PYTHONNET_PYDLL"] = "/nonexistent/libpython3.12.so" }, "doctor");
        result.ExitCode.ShouldBe(4, result.ToString());
        result.StdOut.ShouldContain("[PythonNetEnvironmentVariable] /nonexistent/libpython3.12.so: refused: file not found", Case.Sensitive, result.ToString());
        result.StdOut.ShouldContain("No usable Python.");
        Pymem.HasStackTrace(result.StdOut + result.StdErr).ShouldBeFalse(result.ToString());
    }
}
