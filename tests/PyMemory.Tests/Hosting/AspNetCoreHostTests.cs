using PyMemory.Diagnostics;

namespace PyMemory.Tests.Hosting;

/// <summary>An ASP.NET Core minimal API with AddPyMemory in a child process: 8 clients x 50 requests that each run
/// Python, the "PyMemory" meter read by a MeterListener inside the server while it serves, then a graceful stop.</summary>
[Collection(UsesPython.Name)]
public class AspNetCoreHostTests
{
    private static readonly SharedChildRun Server = new("hosting-aspnet");

    [Fact]
    public void A_minimal_API_serves_concurrent_requests_that_run_Python_and_stops_gracefully()
    {
        ChildProcess.Result result = Server.Result;

        result.Value("listening").ShouldBe("True");
        result.Value("served").ShouldBe("400", result.ToString());
        result.Value("wrong").ShouldBe("0");
        result.Value("live-bytes-positive").ShouldBe("True");
        result.Value("state-after-stop").ShouldBe("Finalized");
        result.Values("log").ShouldContain(line => line.StartsWith("Information|20|PyMemory.Runtime|Finalized", StringComparison.Ordinal));
        int.Parse(result.Value("metric-reads")!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(1);
    }

    // The host's IMeterFactory creates the PyMemory meter (HostServicesIntoOptions); a MeterListener in the server reads it.
    [Fact]
    public void The_PyMemory_meter_is_read_while_the_server_serves_with_live_bytes_per_domain()
    {
        ChildProcess.Result result = Server.Result;

        result.Values("instrument").ShouldContain(PyMemoryMetrics.LiveBytes);
        foreach (string domain in (string[])["raw", "mem", "obj"])
        {
            string? live = result.Values("metric").FirstOrDefault(m => m.StartsWith($"{PyMemoryMetrics.LiveBytes}|{PyMemoryMetrics.DomainTag}={domain}=", StringComparison.Ordinal));
            live.ShouldNotBeNull(result.ToString());
            double.Parse(live[(live.LastIndexOf('=') + 1)..], System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        }
    }
}
