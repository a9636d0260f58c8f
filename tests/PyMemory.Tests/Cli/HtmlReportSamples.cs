using PyMemory.Cli.Reports;

namespace PyMemory.Tests.Cli;

/// <summary>Run reports built in the test, for the HTML report's tests: a realistic run (data built, kept, released),
/// and variations (timeline, hostile text).</summary>
internal static class HtmlReportSamples
{
    public const string Hostile = "</script><img src=x onerror=alert(1)><a href=\"https://example.com/\">&amp;</a>";

    /// <summary>A six-second run that builds about 180 MiB of objects, keeps part, and releases most of it.</summary>
    public static RunReport Realistic(IReadOnlyList<TimelinePoint>? timeline = null, string script = "examples/workload.py", string? error = null)
    {
        timeline ??= [.. Enumerable.Range(0, 121).Select(i => RealisticPoint(i * 0.05))];
        return new RunReport(
            SchemaVersion: 1,
            Script: script,
            Arguments: ["--rows", "200000"],
            Python: new PythonReport("3.12.1", "/root/.pyenv/versions/3.12.1/lib/libpython3.12.so", "PYMEMORY_TEST_LIBPYTHON names it", "pymalloc", DebugHooks: false),
            StartedAt: new DateTimeOffset(2026, 12, 1, 21, 30, 0, TimeSpan.Zero),
            WallTimeSeconds: 6.04,
            ExitCode: error is null ? 0 : 1,
            Outcome: error is null ? RunOutcome.Completed : RunOutcome.ScriptError,
            Error: error,
            Domains:
            [
                new DomainReport("raw", 3_145_728, 210, 9_437_184, 12_400, 12_190, 320, 60_817_408, 57_671_680, 0, 0, 0),
                new DomainReport("mem", 1_572_864, 4_100, 25_165_824, 98_000, 93_900, 4_200, 120_586_240, 119_013_376, 0, 0, 0),
                new DomainReport("obj", 20_971_520, 180_000, 188_743_680, 2_450_000, 2_270_000, 61_000, 612_368_384, 591_396_864, 0, 0, 0),
            ],
            Histograms:
            [
                new HistogramReport("obj", [new HistogramBucket(17, 32, 1_200_000), new HistogramBucket(33, 64, 900_000), new HistogramBucket(65, 128, 300_000), new HistogramBucket(513, 1024, 50_000)]),
                new HistogramReport("raw", [new HistogramBucket(65537, 131072, 300), new HistogramBucket(1048577, 2097152, 12)]),
            ],
            TopSites:
            [
                new SiteReport(12_582_912, 98_000, 150_994_944, 288, ["obj"], [new FrameReport("examples/workload.py", 14, "build_rows"), new FrameReport("examples/workload.py", 40, "<module>")]),
                new SiteReport(0, 0, 41_943_040, 80, ["obj", "mem"], [new FrameReport("examples/workload.py", 22, "to_text"), new FrameReport("examples/workload.py", 41, "<module>")]),
                new SiteReport(1_048_576, 2, 8_388_608, 16, ["raw"], []),
            ],
            AliveAtExit:
            [
                new SiteReport(12_582_912, 98_000, 150_994_944, 288, ["obj"], [new FrameReport("examples/workload.py", 14, "build_rows")]),
            ],
            Budget: new BudgetReport(268_435_456, null, null, 201_326_592, 0),
            FailNth: null,
            SampleIntervalBytes: 524_288,
            Timeline: timeline);
    }

    /// <summary>The realistic run's live bytes at <paramref name="seconds"/>: up for 3 s, down by 4 s, flat after.</summary>
    public static TimelinePoint RealisticPoint(double seconds)
    {
        double up = Math.Min(seconds / 3.0, 1), down = Math.Clamp((seconds - 3.0) / 1.0, 0, 1);
        double level = up * (1 - (0.85 * down));
        return new TimelinePoint(seconds, (long)(2_097_152 + (7_340_032 * level)), (long)(1_048_576 + (23_068_672 * level)), (long)(4_194_304 + (184_549_376 * level)));
    }
}
