namespace PyMemory.Tests.Hosting;

/// <summary>
/// Real hosts in child processes: a generic host (Host.CreateApplicationBuilder + AddPyMemory, options from the command
/// line's configuration) that runs Python on many thread-pool threads; a host whose Python cannot start; a host stopping
/// while a worker is still inside a GilScope; and the claim that keeps other threads from starting Python while the
/// hosted service's thread does.
/// </summary>
[Collection(UsesPython.Name)]
public class HostedLifecycleTests
{
    private static readonly SharedChildRun GenericHost = new("hosting-generic-host");

    [Fact]
    public void A_generic_host_starts_Python_on_its_own_thread_serves_thread_pool_work_and_finalizes_it_when_it_stops()
    {
        ChildProcess.Result result = GenericHost.Result;

        result.Value("state-before-start").ShouldBe("NotInitialized");
        result.Value("state-after-start").ShouldBe("Started");
        result.Value("owns-interpreter").ShouldBe("True");
        result.Value("interpreter-thread-is-main").ShouldBe("False");
        result.Value("work").ShouldBe("ok", result.ToString());
        result.Value("work-items").ShouldBe("1600");
        result.Value("work-threads-many").ShouldBe("True");
        result.Value("interpreter-thread-did-work").ShouldBe("False");
        result.Value("state-after-stop").ShouldBe("Finalized");
        result.StdErr.ShouldBeEmpty();
    }

    [Fact]
    public void The_generic_host_binds_the_PyMemory_section_and_logs_the_start_and_the_shutdown()
    {
        ChildProcess.Result result = GenericHost.Result;

        result.Value("tracking").ShouldBe("True");
        result.Value("soft-limit").ShouldBe("1099511627776");
        IReadOnlyList<string> log = result.Values("log");
        log.ShouldContain(line => line.StartsWith("Debug|300|PyMemory.Hosting|Starting Python on the PyMemory interpreter thread", StringComparison.Ordinal));
        log.ShouldContain(line => line.StartsWith("Information|2|PyMemory.Runtime|Using Python ", StringComparison.Ordinal) && line.Contains("(ExplicitPath: ", StringComparison.Ordinal));
        log.ShouldContain(line => line.StartsWith("Information|200|PyMemory.Tracking|Memory tracker started (native engine, sample interval 0 bytes", StringComparison.Ordinal) && line.Contains("soft total 1099511627776 B", StringComparison.Ordinal));
        log.ShouldContain(line => line.StartsWith("Information|10|PyMemory.Runtime|Started Python ", StringComparison.Ordinal));
        log.ShouldContain(line => line.StartsWith("Information|20|PyMemory.Runtime|Finalized the Python interpreter in ", StringComparison.Ordinal));
        log.ShouldContain("Information|305|PyMemory.Hosting|PyMemory's hosted service stopped: finalized Python");

        // Python finalizes after the host has stopped everything else, and before the host reports it stopped.
        int finalized = IndexOf(log, "Information|20|");
        IndexOf(log, "Information|0|Microsoft.Hosting.Lifetime|Application is shutting down").ShouldBeLessThan(finalized);
        finalized.ShouldBeLessThan(IndexOf(log, "Debug|4|Microsoft.Extensions.Hosting.Internal.Host|Hosting stopped"));
    }

    [Fact]
    public void A_host_whose_Python_cannot_start_fails_to_start_with_the_discovery_message_and_exits_non_zero()
    {
        ChildProcess.Result result = ChildProcess.RunUnder([], TimeSpan.FromSeconds(90), "hosting-start-fails", null);

        result.ExitCode.ShouldNotBe(0, result.ToString());
        result.Value("watchdog").ShouldBeNull(result.ToString());
        result.Value("host-ran").ShouldBeNull();
        result.StdErr.ShouldContain("PyMemory.Interop.Loading.PythonLibraryLoadException: The CPython library named for PyMemory is not usable.");
        result.StdErr.ShouldContain("/nonexistent/lib/libpython3.12.so: file not found");
        IReadOnlyList<string> log = result.Values("log");
        log.ShouldContain("Debug|1|PyMemory.Runtime|Python library candidate /nonexistent/lib/libpython3.12.so (ExplicitPath) refused: file not found");
        log.ShouldContain(line => line.StartsWith("Error|302|PyMemory.Hosting|Python could not be started, so the host does not start | PythonLibraryLoadException", StringComparison.Ordinal));
    }

    [Fact]
    public void Stopping_while_a_worker_is_inside_a_GilScope_waits_for_it_then_finalizes()
    {
        ChildProcess.Result result = ChildProcess.Run("hosting-stop-while-in-scope", null, "leaves");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("state-after-stop").ShouldBe("Finalized");
        result.Value("stop-seconds-under-10").ShouldBe("True");
        IReadOnlyList<string> log = result.Values("log");
        log.ShouldContain("Warning|303|PyMemory.Hosting|Waiting for 1 thread(s) to leave their GilScope before finalizing Python (at most until the host's shutdown timeout)");
        log.ShouldContain(line => line.StartsWith("Information|20|PyMemory.Runtime|Finalized", StringComparison.Ordinal));
    }

    [Fact]
    public void Stopping_while_a_worker_never_leaves_its_GilScope_gives_up_at_the_shutdown_timeout_and_leaves_Python_running()
    {
        ChildProcess.Result result = ChildProcess.Run("hosting-stop-while-in-scope", null, "stays");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("state-after-stop").ShouldBe("Started");
        result.Value("stop-seconds-under-10").ShouldBe("True");
        IReadOnlyList<string> log = result.Values("log");
        log.ShouldContain(line => line.StartsWith("Error|304|PyMemory.Hosting|The host's shutdown timeout expired with 1 thread(s) still inside a GilScope", StringComparison.Ordinal));
        log.ShouldNotContain(line => line.StartsWith("Information|20|", StringComparison.Ordinal));
    }

    [Fact]
    public void While_the_interpreter_thread_starts_Python_other_threads_are_refused_instead_of_starting_it_themselves()
    {
        ChildProcess.Result result = ChildProcess.Run("hosting-claim");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("implicit-use-while-claimed").ShouldBe("InvalidOperationException", result.ToString());
        result.Value("implicit-use-while-claimed-message")!.ShouldContain("Python is being started by the test's interpreter thread on its own thread");
        result.Value("initialize-while-claimed").ShouldBe("InvalidOperationException");
        result.Value("state-while-claimed").ShouldBe("NotInitialized");
        result.Value("initialized-on-claimed-thread").ShouldBe("True");
        result.Value("python").ShouldBe("42");
        result.Value("shutdown-on-claimed-thread").ShouldBe("True");
    }

    private static int IndexOf(IReadOnlyList<string> log, string prefix)
    {
        for (int i = 0; i < log.Count; i++)
        {
            if (log[i].StartsWith(prefix, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new ShouldAssertException($"no log line starts with '{prefix}':\n{string.Join('\n', log)}");
    }
}
