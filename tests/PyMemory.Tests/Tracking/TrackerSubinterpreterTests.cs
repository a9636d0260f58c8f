using System.Globalization;

namespace PyMemory.Tests.Tracking;

/// <summary>
/// Subinterpreters created and ended while the tracker runs, in a child. Their blocks go through the same allocators,
/// so the tracker counts them; ending one frees them. CPython 3.12 and 3.13 keep about 1,500 and 2,700 pymalloc blocks
/// per ended subinterpreter: the tracker's live blocks must grow exactly as pymalloc's own count does, so that growth
/// is CPython's, not a miscount.
/// </summary>
public sealed class TrackerSubinterpreterTests
{
    [Theory]
    [InlineData("runtime")]
    [InlineData("startup")]
    public void Subinterpreters_created_and_ended_while_tracking_keep_the_figures_consistent(string start)
    {
        ChildProcess.Result result = ChildProcess.Run("tracking-subinterpreter", null, start);
        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdOut.ShouldContain("stop=True");
        result.StdOut.ShouldContain("shutdown=True");
        result.StdOut.ShouldContain("peak-above-live=True");

        long Value(string key) => long.Parse(result.StdOut.Split('\n').Single(l => l.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..].Trim(), CultureInfo.InvariantCulture);
        Value("allocations-per-run").ShouldBeGreaterThan(10_000, "a subinterpreter's start-up and end are counted");
        Value("live-growth-per-run").ShouldBeInRange(-64 * 1024, 1024 * 1024, result.StdOut);
        Value("untracked").ShouldBeLessThan(100, "frees of blocks from before a runtime start only");
        if (Value("pymalloc-growth-per-run") != 0 || Value("tracked-block-growth-per-run") != 0)
        {
            Value("tracked-block-growth-per-run").ShouldBeInRange(Value("pymalloc-growth-per-run") - 8, Value("pymalloc-growth-per-run") + 8, result.StdOut);
        }
    }
}
