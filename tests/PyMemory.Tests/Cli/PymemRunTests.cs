using System.Diagnostics;
using PyMemory.Cli.Reports;

namespace PyMemory.Tests.Cli;

/// <summary><c>pymem run</c> end to end: the built tool as a child process, on every Python under test. Each run is
/// shared by the tests that check it (runs take most of a second: the class stays within a few seconds).</summary>
public sealed class PymemRunTests
{
    private const long MiB = 1024 * 1024;

    // Every run of this class starts at once, when the class is first used, and runs alongside the others (each is a
    // process that mostly waits on its own start-up): the class takes about as long as its longest run.
    // keep_8mib.py at a 64 KiB sampling interval: each 1 MiB block is then sampled with probability 1 - e^-16, so the
    // site's estimate is exact to within a millionth, and the sampled figures can be checked tightly.
    private static readonly string KeepHtml = Path.Combine(Path.GetTempPath(), $"pymem-test-{Guid.NewGuid():N}.html");
    private static readonly Task<(ChildProcess.Result Result, string Json)> Keep = Start("keep_8mib.py", ["--sample-interval", "64KiB", "--live", "on", "--html", KeepHtml], "one", "--two");
    private static readonly Task<(ChildProcess.Result Result, string Json)> Budget = Start("grows.py", ["--budget", "40MiB", "--budget-domain", "raw=1GiB"]);
    private static readonly Task<(ChildProcess.Result Result, string Json)> Raises = Start("raises.py", []);
    private static readonly Task<(ChildProcess.Result Result, string Json)> Exit7 = Start("exits_7.py", []);
    private static readonly Task<(ChildProcess.Result Result, string Json)> FailNth = Start("small_work.py", ["--fail-nth", "3"]);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, RunReport> Reports = new();

    private static (ChildProcess.Result Result, RunReport Report) KeepRun => Completed(Keep, exitCode: 0);

    private static (ChildProcess.Result Result, RunReport Report) BudgetRun => Completed(Budget, exitCode: null);

    [Fact]
    public void Runs_the_script_as_python_would()
    {
        ChildProcess.Result result = KeepRun.Result;
        result.Value("argv").ShouldBe("['one', '--two']", result.ToString()); // everything after SCRIPT is the script's
        result.Value("name").ShouldBe("__main__");
        result.Value("file").ShouldBe("keep_8mib.py");
        result.Value("path0").ShouldBe("Scripts"); // the script's folder comes first on sys.path
        KeepRun.Report.Arguments.ShouldBe(["one", "--two"]);
        KeepRun.Report.Outcome.ShouldBe(RunOutcome.Completed);
        KeepRun.Report.Error.ShouldBeNull();
    }

    [Fact]
    public void Live_bytes_agree_with_what_the_script_keeps()
    {
        RunReport report = KeepRun.Report;
        DomainReport obj = report.Domains.Single(d => d.Domain == "obj");
        report.Domains.Select(d => d.Domain).ShouldBe(["raw", "mem", "obj"]);

        // The first timeline point is read just before the script's first line, the last one just after the final
        // snapshot. In between the script made 8 buffers of 1 MiB + 1 byte, a list of 8 and a few strings: growth is
        // at least 8 MiB + 8 and, allowing 256 KiB for the list, the printed strings and the frames, at most that.
        TimelinePoint first = report.Timeline[0];
        TimelinePoint last = report.Timeline[^1];
        long growth = (last.RawBytes + last.MemBytes + last.ObjBytes) - (first.RawBytes + first.MemBytes + first.ObjBytes);
        growth.ShouldBeInRange((8 * MiB) + 8, (8 * MiB) + (256 * 1024));
        GrowingDomain(report).ShouldBeOneOf("obj", "mem"); // bytearray buffers are OBJ blocks up to 3.12, MEM from 3.13

        // The domain table is the same snapshot as the end point (nothing allocates between the two reads).
        obj.LiveBytes.ShouldBe(last.ObjBytes);
        report.Domains.Single(d => d.Domain == "raw").LiveBytes.ShouldBe(last.RawBytes);
        obj.LiveBlocks.ShouldBe(obj.Allocations - obj.Frees);
        obj.LiveBytes.ShouldBe(obj.AllocatedBytes - obj.FreedBytes);
        obj.PeakBytes.ShouldBeGreaterThanOrEqualTo(obj.LiveBytes);
        report.PeakTotalLiveBytes.ShouldBeGreaterThanOrEqualTo(report.Domains.Sum(d => d.LiveBytes));

        // 1 MiB + 1 byte requests fall in the 1-2 MiB bucket of their domain: the 8 kept ones at least.
        HistogramBucket mib = report.Histograms.Single(h => h.Domain == GrowingDomain(report)).Buckets.Single(b => b.LowerBytes == MiB);
        mib.UpperBytes.ShouldBe((2 * MiB) - 1);
        mib.Count.ShouldBeGreaterThanOrEqualTo(8);
    }

    [Fact]
    public void The_sampled_sites_find_the_line_that_keeps_the_memory()
    {
        RunReport report = KeepRun.Report;
        report.SampleIntervalBytes.ShouldBe(64 * 1024);
        SiteReport alive = report.AliveAtExit[0];
        FrameReport frame = alive.Frames[0];
        Path.GetFileName(frame.File).ShouldBe("keep_8mib.py");
        frame.Line.ShouldBe(7);
        alive.Domains.ShouldBe([GrowingDomain(report)]);
        // The 8 buffers are certain to be sampled (weight 1 MiB each); the line's small blocks (the list, the 8
        // bytearray objects, under 1 KiB in all) are sampled with a chance of about 1 in 64 each, and a sample of a
        // small block stands for one interval (64 KiB): allow 4 of them.
        alive.EstimatedLiveBytes.ShouldBeInRange((long)(8 * MiB * 0.999), (8 * MiB) + (4 * 64 * 1024));
        alive.EstimatedLiveBlocks.ShouldBeGreaterThanOrEqualTo(8);
        report.TopSites.ShouldContain(s => s.Frames.Count > 0 && s.Frames[0].Line == 7 && Path.GetFileName(s.Frames[0].File) == "keep_8mib.py");

        // pymem's own runner frames are never shown as the script's callers.
        report.TopSites.Concat(report.AliveAtExit).SelectMany(s => s.Frames).ShouldNotContain(f => f.File.Contains("pymem runner", StringComparison.Ordinal));
    }

    [Fact]
    public void The_console_report_and_the_live_line_show_the_run()
    {
        ChildProcess.Result result = KeepRun.Result;
        result.StdOut.ShouldContain("Completed in");
        result.StdOut.ShouldContain("keep_8mib.py:7 in <module>");
        result.StdOut.ShouldContain("Python memory per domain");
        result.StdOut.ShouldContain("1-2 MiB"); // the histogram's bucket of the kept buffers
        result.StdErr.ShouldContain("live RAW", Case.Sensitive, result.ToString()); // --live on: after a second, a plain line (stderr is not a terminal)
        result.StdErr.ShouldContain("JSON report written to");

        // The script sleeps 1.6 s: a point when it starts, one every 100 ms (fewer on a loaded machine, never more
        // often), and one when it returned.
        RunReport report = KeepRun.Report;
        report.WallTimeSeconds.ShouldBeGreaterThan(1.5);
        string seconds = string.Join(", ", report.Timeline.Select(p => p.Seconds));
        report.Timeline.Count.ShouldBeGreaterThanOrEqualTo(3, seconds);
        report.Timeline.Select(p => p.Seconds).ShouldBeInOrder(SortDirection.Ascending, seconds);
        report.Timeline[0].Seconds.ShouldBeLessThan(0.1, seconds);
        report.Timeline[^1].Seconds.ShouldBe(report.WallTimeSeconds, seconds); // the end point is on the script's clock, stopped when it returned
        for (int i = 2; i < report.Timeline.Count - 1; i++)
        {
            (report.Timeline[i].Seconds - report.Timeline[i - 1].Seconds).ShouldBeGreaterThan(0.09, seconds);
        }
    }

    [Fact]
    public void A_script_that_raises_shows_its_traceback_and_exits_1()
    {
        (ChildProcess.Result result, RunReport report) = Completed(Raises, exitCode: null);
        result.ExitCode.ShouldBe(1, result.ToString());
        result.StdErr.ShouldContain("Traceback (most recent call last):");
        result.StdErr.ShouldContain("raises.py\", line 6, in <module>");
        result.StdErr.ShouldContain("raises.py\", line 3, in parse");
        result.StdErr.ShouldContain("ValueError: invalid literal for int() with base 10: 'not a number'");
        result.StdErr.ShouldNotContain("pymem runner"); // the traceback starts at the script, as python's does
        Pymem.HasStackTrace(result.StdOut + result.StdErr).ShouldBeFalse(result.ToString());
        report.Outcome.ShouldBe(RunOutcome.ScriptError);
        report.ExitCode.ShouldBe(1);
        report.Error.ShouldNotBeNull().ShouldContain("ValueError");
    }

    [Fact]
    public void The_script_s_exit_code_is_pymem_s()
    {
        (ChildProcess.Result result, RunReport report) = Completed(Exit7, exitCode: 7);
        report.ExitCode.ShouldBe(7);
        report.Outcome.ShouldBe(RunOutcome.Completed);
        result.StdOut.ShouldContain("exit code 7");
    }

    [Fact]
    public void A_budget_stops_the_script_with_its_own_exit_code()
    {
        (ChildProcess.Result result, RunReport report) = BudgetRun;
        result.ExitCode.ShouldBe(3, result.ToString());
        result.StdErr.ShouldContain("MemoryError");
        result.StdOut.ShouldContain("Stopped by the budget");
        report.Outcome.ShouldBe(RunOutcome.BudgetExceeded);
        report.ExitCode.ShouldBe(3);
        BudgetReport budget = report.Budget.ShouldNotBeNull();
        budget.TotalBytes.ShouldBe(40 * MiB);
        budget.RawBytes.ShouldBe(1024 * MiB); // given, never reached
        budget.MemBytes.ShouldBeNull();
        budget.ObjBytes.ShouldBeNull();
        budget.Rejections.ShouldBeGreaterThan(0);
        report.Domains.Sum(d => d.Rejected).ShouldBe(budget.Rejections);

        // Live bytes of all domains never went past the limit plus the headroom MemoryError may use (256 KiB) plus
        // the peak's resolution (64 KiB); and the script got close to it (it grows 1 MiB at a time).
        report.PeakTotalLiveBytes.ShouldBeLessThanOrEqualTo((40 * MiB) + (256 * 1024) + (64 * 1024));
        report.PeakTotalLiveBytes.ShouldBeGreaterThan(38 * MiB);
    }

    [Fact]
    public void The_budget_s_MemoryError_is_printed_whole_under_the_debug_hooks()
    {
        // Regression: the traceback used to be printed while the budget was still on; under the debug hooks (which
        // add 32 bytes to every block) printing it ran out of the headroom on 3.13 and CPython printed
        // "lost sys.stderr" and an object dump instead. It is printed once the budget is off now.
        ChildProcess.Result result = Pymem.Run(
            new Dictionary<string, string?> { ["PYTHONMALLOC"] = "debug" },
            ["run", .. Pymem.PythonOption, "--budget", "24MiB", Pymem.Script("grows.py")]);
        result.ExitCode.ShouldBe(3, result.ToString());
        result.StdErr.ShouldContain("Traceback (most recent call last):", Case.Sensitive, result.ToString());
        result.StdErr.ShouldContain("grows.py\", line 4, in <module>", Case.Sensitive, result.ToString());
        result.StdErr.ShouldContain("kept.append(bytearray(1024 * 1024))", Case.Sensitive, result.ToString());
        result.StdErr.TrimEnd().Split('\n')[^1].ShouldBe("MemoryError", result.ToString());
        result.StdErr.ShouldNotContain("lost sys.stderr");
        result.StdOut.ShouldContain("Allocator pymalloc_debug, debug hooks on");
    }

    [Fact]
    public void Fail_nth_makes_the_script_raise_MemoryError()
    {
        (ChildProcess.Result result, RunReport report) = Completed(FailNth, exitCode: 1);
        result.StdErr.ShouldContain("MemoryError");
        result.StdOut.ShouldNotContain("done");
        report.FailNth.ShouldBe(3);
        report.Outcome.ShouldBe(RunOutcome.ScriptError); // no budget refused anything: an ordinary error
        report.Domains.Sum(d => d.InjectedFaults).ShouldBe(1);
        report.Domains.Sum(d => d.Rejected).ShouldBe(0);
    }

    [Fact]
    public void A_python_that_cannot_be_loaded_has_its_own_exit_code()
    {
        ChildProcess.Result result = Pymem.Run(null, "run", "--python", "/nonexistent/libpython3.99.so", Pymem.Script("exits_7.py"));
        result.ExitCode.ShouldBe(4, result.ToString());
        result.StdErr.ShouldContain("/nonexistent/libpython3.99.so");
        result.StdErr.ShouldContain("file not found");
        Pymem.HasStackTrace(result.StdOut + result.StdErr).ShouldBeFalse(result.ToString());
    }

    [Fact]
    public async Task Ctrl_C_interrupts_the_script_with_KeyboardInterrupt()
    {
        // Started by hand (not through ChildProcess) to send SIGINT once the script says it waits.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in (string[])[Path.Combine(AppContext.BaseDirectory, "pymem.dll"), "run", .. Pymem.PythonOption, Pymem.Script("wait_for_interrupt.py")])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("PYTHONMALLOC");
        start.Environment.Remove("PYTHONNET_PYDLL");
        start.Environment.Remove("VIRTUAL_ENV");
        using Process process = Process.Start(start)!;
        try
        {
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            var stdout = new System.Text.StringBuilder();
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync().WaitAsync(Pymem.Timeout)) != null && line != "ready")
            {
                stdout.AppendLine(line);
            }

            line.ShouldBe("ready", stdout.ToString());
            using (Process kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            process.WaitForExit(Pymem.Timeout).ShouldBeTrue("pymem did not end after SIGINT");
            string output = stdout + await process.StandardOutput.ReadToEndAsync();
            string errors = await stderr;
            process.ExitCode.ShouldBe(130, output + errors);
            errors.ShouldContain("KeyboardInterrupt");
            output.ShouldContain("Interrupted after");
            output.ShouldNotContain("not interrupted");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [Fact]
    public void The_html_report_of_a_run_draws_its_timeline_and_tables()
    {
        RunReport json = KeepRun.Report;
        File.Exists(KeepHtml).ShouldBeTrue(KeepRun.Result.ToString());
        HtmlReportDocument html = HtmlReportDocument.Parse(File.ReadAllText(KeepHtml));

        // The same run as the JSON report: one line per domain with every timeline point (far below the thinning
        // limit), ending at the live bytes the domain table shows, and the kept 8 MiB site in the alive-at-exit table.
        html.Document.QuerySelectorAll("script").Length.ShouldBe(0);
        string domain = GrowingDomain(json);
        IReadOnlyList<(double Seconds, double Bytes)> line = html.Line(domain).ShouldNotBeNull();
        line.Count.ShouldBe(json.Timeline.Count);
        double tolerance = html.BytesMax / 1000;
        line[^1].Bytes.ShouldBe(json.Domains.Single(d => d.Domain == domain).LiveBytes, tolerance);
        line.Max(p => p.Bytes).ShouldBeGreaterThan(line[0].Bytes + (8 * MiB) - tolerance);
        html.Html.ShouldContain("keep_8mib.py");
        File.Delete(KeepHtml);
    }

    /// <summary>The domain whose live bytes grew the most over the run.</summary>
    private static string GrowingDomain(RunReport report)
    {
        TimelinePoint first = report.Timeline[0];
        TimelinePoint last = report.Timeline[^1];
        (string Domain, long Growth)[] growth =
            [("raw", last.RawBytes - first.RawBytes), ("mem", last.MemBytes - first.MemBytes), ("obj", last.ObjBytes - first.ObjBytes)];
        return growth.MaxBy(g => g.Growth).Domain;
    }

    private static Task<(ChildProcess.Result Result, string Json)> Start(string script, string[] options, params string[] args) =>
        Task.Run(() =>
        {
            string path = Pymem.NewJsonPath();
            return (Pymem.RunScript(script, [.. options, "--json", path], args), path);
        });

    /// <summary>A run's output and its JSON report (checked against the schema), after checking its exit code.</summary>
    private static (ChildProcess.Result Result, RunReport Report) Completed(Task<(ChildProcess.Result Result, string Json)> run, int? exitCode)
    {
        (ChildProcess.Result result, string json) = run.Result;
        if (exitCode is { } expected)
        {
            result.ExitCode.ShouldBe(expected, result.ToString());
        }

        return (result, Reports.GetOrAdd(json, Pymem.ReadValidated));
    }
}
