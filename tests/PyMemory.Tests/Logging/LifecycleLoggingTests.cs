namespace PyMemory.Tests.Logging;

/// <summary>Core's start and shutdown events in a child process (a fresh interpreter): the library chosen, the start
/// with its allocator, a refused shutdown, the tracker stopping, and the finalization, in that order.</summary>
[Collection(UsesPython.Name)]
public class LifecycleLoggingTests
{
    private static readonly SharedChildRun Child = new("logging-events");

    [Fact]
    public void Start_refusal_and_shutdown_are_logged_in_order_with_their_event_ids()
    {
        ChildProcess.Result result = Child.Result;
        IReadOnlyList<string> log = result.Values("log");

        result.Value("refused-on-other-thread").ShouldBe("true");
        result.Value("shutdown").ShouldBe("True");
        string[] events = log.Select(line => string.Join('|', line.Split('|').Take(3))).ToArray();
        events.ShouldBe(
        [
            "Information|2|PyMemory.Runtime",
            "Information|4|PyMemory.Runtime",
            "Information|200|PyMemory.Tracking",
            "Information|10|PyMemory.Runtime",
            "Warning|21|PyMemory.Runtime",
            "Information|201|PyMemory.Tracking",
            "Information|20|PyMemory.Runtime",
        ], result.ToString());
        log[4].ShouldContain("PythonRuntime.Shutdown must be called on the thread that initialized Python");
    }

    [Fact]
    public void The_start_line_names_the_version_the_thread_and_the_allocator()
    {
        ChildProcess.Result result = Child.Result;
        string started = result.Values("log").Single(line => line.StartsWith("Information|10|", StringComparison.Ordinal));

        started.ShouldContain($"Started Python {PythonRuntime.Version} on managed thread ");
        started.ShouldContain(": allocator pymalloc, debug hooks False, replaced allocators 0, signal handlers False, tracking from the start True");
    }

    [Fact]
    public void Under_PYTHONMALLOC_debug_the_start_line_says_the_debug_hooks_are_on()
    {
        ChildProcess.Result result = ChildProcess.Run("logging-events", new Dictionary<string, string?> { ["PYTHONMALLOC"] = "pymalloc_debug" });

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Values("log").ShouldContain(line => line.StartsWith("Information|10|", StringComparison.Ordinal) && line.Contains("allocator pymalloc_debug, debug hooks True", StringComparison.Ordinal));
    }

    [Fact]
    public void Discovery_logs_every_refused_candidate_at_Debug_before_the_one_it_chose()
    {
        ChildProcess.Result result = ChildProcess.Run("discover", new Dictionary<string, string?>
        {
            ["PYTHONNET_PYDLL"] = null,
            ["VIRTUAL_ENV"] = "/nonexistent/venv",
        });

        IReadOnlyList<string> log = result.Values("log");
        int chosen = log.ToList().FindIndex(line => line.StartsWith("Information|2|PyMemory.Runtime|Using Python ", StringComparison.Ordinal));
        chosen.ShouldBeGreaterThanOrEqualTo(0, result.ToString());
        int refused = log.ToList().FindIndex(line => line.StartsWith("Debug|1|PyMemory.Runtime|Python library candidate ", StringComparison.Ordinal));
        if (result.Values("candidate").Any(c => !c.EndsWith(": loaded", StringComparison.Ordinal)))
        {
            refused.ShouldBeInRange(0, chosen - 1, result.ToString());
        }
    }
}
