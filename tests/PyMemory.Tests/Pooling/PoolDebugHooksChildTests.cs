namespace PyMemory.Tests.Pooling;

/// <summary>MEM and OBJ pools under CPython's debug hooks (which abort on a MEM/OBJ call without the GIL, a wrong-domain
/// free or an overrun), and under glibc's malloc checking (a double or invalid free aborts), in a child process:
/// tests/PyMemory.ChildHost/PoolDebugHooksScenario.cs.</summary>
[Collection(UsesPython.Name)]
public sealed class PoolDebugHooksChildTests
{
    private static readonly Dictionary<string, string?> Debug = new() { ["PYTHONMALLOC"] = "debug" };

    [Theory]
    [InlineData(MemoryDomain.Mem)]
    [InlineData(MemoryDomain.Obj)]
    public void Returns_and_disposal_without_the_gil_and_a_view_released_on_a_Python_thread_pass_the_debug_hooks(MemoryDomain domain) =>
        Check(ChildProcess.Run("pool-debug-hooks", Debug, domain.ToString()));

    [Theory]
    [InlineData(MemoryDomain.Mem)]
    [InlineData(MemoryDomain.Obj)]
    public void The_same_frees_each_block_once_under_glibc_malloc_checking(MemoryDomain domain) =>
        Check(ChildProcess.Run("pool-debug-hooks", GlibcMallocCheck.Environment("malloc"), domain.ToString()));

    private static void Check(ChildProcess.Result result)
    {
        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdErr.ShouldBeEmpty(result.ToString());
        Dictionary<string, string> values = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts[1]);
        values["retained"].ShouldBe("2", result.ToString());
        values["pending-after-returns"].ShouldBe("3", result.ToString()); // freed only once a thread holds the GIL
        values["pending-in-scope"].ShouldBe("0", result.ToString());
        values["pending-after-dispose"].ShouldBe("2", result.ToString()); // the two retained blocks; the exported one is Python's
        values["pending-in-scope-after-dispose"].ShouldBe("0", result.ToString());
        values["freed-on-python-thread"].ShouldBe("1", result.ToString());
        values["seen"].ShouldBe("b'exported'", result.ToString());
        values["pending-at-end"].ShouldBe("0", result.ToString());
        values["live-at-end"].ShouldBe("0", result.ToString());
    }
}
