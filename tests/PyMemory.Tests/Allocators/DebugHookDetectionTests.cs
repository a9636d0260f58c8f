namespace PyMemory.Tests.Allocators;

/// <summary>CPython's debug hooks abort the process when they detect misuse: each case runs in a child process
/// under PYTHONMALLOC=debug and must die with SIGABRT (exit code 134) and the hooks' report on stderr.</summary>
[Collection(UsesPython.Name)]
public class DebugHookDetectionTests
{
    private const int SigAbrtExitCode = 134;

    private static readonly Dictionary<string, string?> Debug = new() { ["PYTHONMALLOC"] = "debug" };

    [Fact]
    public void A_byte_written_past_a_MEM_block_is_reported_when_it_is_freed()
    {
        ChildProcess.Result result = ChildProcess.Run("debug-trailing-pad", Debug);

        result.ExitCode.ShouldBe(SigAbrtExitCode, result.ToString());
        result.StdOut.ShouldContain("freeing");
        result.StdOut.ShouldNotContain("not detected");
        result.StdErr.ShouldContain("bad trailing pad byte", Case.Sensitive, result.ToString());
    }

    [Fact]
    public void A_MEM_block_freed_through_RAW_is_reported_as_API_misuse()
    {
        ChildProcess.Result result = ChildProcess.Run("debug-wrong-domain", Debug);

        result.ExitCode.ShouldBe(SigAbrtExitCode, result.ToString());
        result.StdErr.ShouldContain("bad ID", Case.Sensitive, result.ToString());
        result.StdErr.ShouldContain("Allocated using API 'm', verified using API 'r'", Case.Sensitive, result.ToString());
    }

    [Fact]
    public void Debug_hooks_stay_visible_and_active_under_a_PyMemory_hook()
    {
        ChildProcess.Result result = ChildProcess.Run("debug-hooks-under-pymemory-hook", Debug);

        result.ExitCode.ShouldBe(SigAbrtExitCode, result.ToString());
        result.StdOut.ShouldContain("before: pymalloc_debug (debug hooks on)", Case.Sensitive, result.ToString());
        result.StdOut.ShouldContain("preset: pymalloc_debug");
        result.StdOut.ShouldContain("debug: True");
        result.StdOut.ShouldContain("hooks: MEM: PassThroughHook");
        result.StdOut.ShouldContain("ensure: ok");
        result.StdErr.ShouldContain("bad trailing pad byte", Case.Sensitive, result.ToString());
    }

    [Fact]
    public void Without_debug_hooks_the_same_overflow_goes_unnoticed()
    {
        // The control case: proves the detection above comes from the debug hooks, not from the scenario itself. So no
        // other checker may be in the process either: a malloc interposer the suite itself runs under (LD_PRELOAD of
        // libc_malloc_debug.so with MALLOC_CHECK_=3) would catch the overflow in C malloc's own free.
        ChildProcess.Result result = ChildProcess.Run(
            "debug-trailing-pad", new Dictionary<string, string?> { ["PYTHONMALLOC"] = "malloc", ["LD_PRELOAD"] = null, ["MALLOC_CHECK_"] = null });

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdOut.ShouldContain("not detected");
    }
}
