namespace PyMemory.Tests.Tracking;

/// <summary>
/// The tracker under glibc's malloc checking (libc_malloc_debug.so.0 preloaded, MALLOC_CHECK_=3: a corrupt chunk or a
/// bad free aborts the process), in a child: Python threads and .NET threads allocate, reallocate and free while
/// snapshots are read; with PYTHONMALLOC=malloc every Python block is a checked glibc chunk.
/// </summary>
public sealed class TrackerMallocCheckTests
{
    public static TheoryData<string, string> Runs => new()
    {
        { "runtime", "default" },
        { "startup", "default" },
        { "runtime", "malloc" },
        { "startup", "malloc" },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void A_mixed_workload_under_glibc_malloc_checking_runs_clean_and_the_figures_stay_consistent(string start, string preset)
    {
        ChildProcess.Result result = ChildProcess.Run("tracking-workload", GlibcMallocCheck.Environment(preset == "default" ? null : preset), start);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdOut.ShouldContain("malloc-debug-loaded=True");
        result.StdOut.ShouldContain("consistent=True");
        result.StdOut.ShouldContain("stop=True");
        result.StdOut.ShouldContain("shutdown=True");
        result.StdErr.ShouldBeEmpty();
    }
}
