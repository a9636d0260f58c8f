namespace PyMemory.Tests.Tracking;

/// <summary>
/// The tracker under glibc's malloc checking (libc_malloc_debug.so.0 preloaded, MALLOC_CHECK_=3: a corrupt chunk or a
/// bad free aborts the process), in a child: Python threads and .NET threads allocate, reallocate and free while
/// snapshots are read; with PYTHONMALLOC=malloc every Python block is a checked glibc chunk.
/// </summary>
public sealed class TrackerMallocCheckTests
{
    private const string Checker = "/lib/x86_64-linux-gnu/libc_malloc_debug.so.0";

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
        if (!File.Exists(Checker))
        {
            return; // glibc before 2.34 has no separate checker library (xunit 2 has no dynamic skip)
        }

        ChildProcess.Result result = ChildProcess.Run(
            "tracking-workload",
            new Dictionary<string, string?> { ["LD_PRELOAD"] = Checker, ["MALLOC_CHECK_"] = "3", ["PYTHONMALLOC"] = preset == "default" ? null : preset },
            start);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdOut.ShouldContain("malloc-debug-loaded=True");
        result.StdOut.ShouldContain("consistent=True");
        result.StdOut.ShouldContain("stop=True");
        result.StdOut.ShouldContain("shutdown=True");
        result.StdErr.ShouldBeEmpty();
    }
}
