namespace PyMemory.Tests.Tracking;

/// <summary>Sampling under stress in a child process (a wrong capture crashes or hangs): threads, exceptions, frame
/// objects, generators, collections with <c>__del__</c>, RAW allocations without a thread state; with and without
/// the debug hooks.</summary>
public sealed class SamplingChildTests
{
    [Theory]
    [InlineData("64", null)]
    [InlineData("1", null)]
    [InlineData("64", "debug")]
    public void Sampling_survives_threads_exceptions_frames_and_collections(string interval, string? pythonMalloc)
    {
        ChildProcess.Result result = ChildProcess.Run(
            "sampling-stress",
            new Dictionary<string, string?> { ["PYTHONMALLOC"] = pythonMalloc },
            interval);
        Console.WriteLine(result);
        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdOut.ShouldContain("work-site=True");
        result.StdOut.ShouldContain("no-frame-site=True");
        result.StdOut.ShouldContain("sampling-failures=0");
        result.StdOut.ShouldContain("live-estimates-non-negative=True");
        result.StdOut.ShouldContain("deleted=15000");
        result.StdOut.ShouldContain("stopped=True");
        result.StdOut.ShouldContain("shutdown=True");
        result.StdErr.ShouldNotContain("Fatal Python error");
    }
}
