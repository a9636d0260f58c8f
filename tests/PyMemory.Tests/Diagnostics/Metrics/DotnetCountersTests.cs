using System.Globalization;
using System.Text.Json;
using PyMemory.Diagnostics;

namespace PyMemory.Tests.Diagnostics.Metrics;

/// <summary>
/// End to end with the real <c>dotnet-counters</c>: it starts the metrics-workload scenario itself (<c>collect ... --
/// dotnet PyMemory.ChildHost.dll metrics-workload 4</c>, so the child is suspended until the session listens and no
/// second of the workload is missed), collects the <c>PyMemory</c> meter as JSON every second, and the test reads the
/// file. About 6 s, on every Python.
/// </summary>
public sealed class DotnetCountersTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [DotnetCountersFact]
    public void Dotnet_counters_sees_every_instrument_with_plausible_values()
    {
        string tool = DotnetCountersFactAttribute.Path
            ?? throw new InvalidOperationException("dotnet-counters is not installed and CI=true: .ci/run must run `dotnet tool install --global dotnet-counters`");
        string output = Path.Combine(Path.GetTempPath(), $"pymemory-counters-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        try
        {
            // dotnet-counters starts the scenario itself (the launcher form of the gdb runs), in the scenarios' neutral
            // environment with the library under test.
            ChildProcess.Result result = ChildProcess.RunUnder(
                [tool, "collect", "--counters", PyMemoryMetrics.MeterName, "--format", "json", "-o", output, "--refresh-interval", "1", "--"],
                Timeout, "metrics-workload", null, "5");
            result.ExitCode.ShouldBe(0, result.ToString());
            File.Exists(output).ShouldBeTrue(result.ToString());

            List<(string Name, string Tags, string Type, double Value)> events = Read(output);
            string[] names = [.. events.Select(e => e.Name).Distinct().Order(StringComparer.Ordinal)];
            names.ShouldBe(
            [
                PyMemoryMetrics.GilWait, PyMemoryMetrics.LiveHandles, PyMemoryMetrics.Allocations, PyMemoryMetrics.LiveBlocks,
                PyMemoryMetrics.Failures, PyMemoryMetrics.Frees, PyMemoryMetrics.InjectedFaults, PyMemoryMetrics.LiveBytes,
                PyMemoryMetrics.PeakLiveBytes, PyMemoryMetrics.Rejections, PyMemoryMetrics.BytesAllocated, PyMemoryMetrics.PendingReleases,
            ], result.ToString());

            foreach (string domain in (string[])[PyMemoryMetrics.RawDomain, PyMemoryMetrics.MemDomain, PyMemoryMetrics.ObjDomain])
            {
                string tag = PyMemoryMetrics.DomainTag + "=" + domain;
                events.Where(e => e.Name == PyMemoryMetrics.LiveBytes && e.Tags == tag).Max(e => e.Value).ShouldBeGreaterThan(0, tag);
                events.Where(e => e.Name == PyMemoryMetrics.LiveBlocks && e.Tags == tag).Max(e => e.Value).ShouldBeGreaterThan(0, tag);
            }

            // Counters are shown as rates: allocations grow every second the workload runs.
            var objAllocations = events.Where(e => e.Name == PyMemoryMetrics.Allocations && e.Tags == PyMemoryMetrics.DomainTag + "=obj").ToList();
            objAllocations.ShouldAllBe(e => e.Type == "Rate");
            objAllocations.Count(e => e.Value > 1000).ShouldBeGreaterThanOrEqualTo(2);
            events.Where(e => e.Name == PyMemoryMetrics.PeakLiveBytes).Max(e => e.Value).ShouldBeGreaterThan(1_000_000);
            events.Where(e => e.Name == PyMemoryMetrics.LiveHandles && e.Tags == PyMemoryMetrics.HandleTypeTag + "=" + PyMemoryMetrics.RawBlockType)
                .Max(e => e.Value).ShouldBe(3); // the blocks the scenario holds
            events.Where(e => e.Name == PyMemoryMetrics.GilWait).Select(e => e.Tags).Distinct().Order(StringComparer.Ordinal)
                .ShouldBe(["Percentile=50", "Percentile=95", "Percentile=99"]);
            events.Where(e => e.Name == PyMemoryMetrics.GilWait).ShouldAllBe(e => e.Value >= 0 && e.Value < 10);
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>The events of dotnet-counters' JSON file; each name without the unit it appends ("name (unit)").</summary>
    private static List<(string Name, string Tags, string Type, double Value)> Read(string file)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(file));
        var events = new List<(string, string, string, double)>();
        foreach (JsonElement e in document.RootElement.GetProperty("Events").EnumerateArray())
        {
            e.GetProperty("provider").GetString().ShouldBe(PyMemoryMetrics.MeterName);
            string name = e.GetProperty("name").GetString()!;
            int unit = name.IndexOf(" (", StringComparison.Ordinal);
            events.Add((unit < 0 ? name : name[..unit], e.GetProperty("tags").GetString()!, e.GetProperty("counterType").GetString()!,
                e.GetProperty("value").ValueKind == JsonValueKind.Number ? e.GetProperty("value").GetDouble() : double.Parse(e.GetProperty("value").GetString()!, CultureInfo.InvariantCulture)));
        }

        return events;
    }
}
