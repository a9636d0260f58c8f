using System.Globalization;

namespace PyMemory.Tests.Tracking;

/// <summary>
/// Hard limits on live bytes per domain and in total (<c>MemoryTracker.Limits</c>), as a script that grows too much
/// meets them: MemoryError, the host goes on, the refusals are counted, nothing is left behind, the peak stays under
/// limit + headroom, and the same code succeeds once the limit is raised or removed. In a child process, because
/// CPython has crash bugs on some out-of-memory paths (the workloads are compiled before the limit applies).
/// </summary>
[Collection(UsesPython.Name)]
public sealed class LimitDomainTests
{
    private static readonly SharedChildRun Child = new("limit-domains");

    private static ChildProcess.Result Result => Child.Result;

    [Theory]
    [InlineData("obj")]
    [InlineData("mem")]
    [InlineData("total")]
    public void Growing_past_the_limit_raises_MemoryError(string domain)
    {
        Result.Value(domain + "-first").ShouldBe("MemoryError", Result.ToString());
        Result.Value("host").ShouldBe("1000", Result.ToString());
    }

    [Theory]
    [InlineData("obj")]
    [InlineData("mem")]
    public void Refusals_are_counted_in_the_limited_domain(string domain)
    {
        long own = long.Parse(Result.Value(domain + "-rejected-own")!, CultureInfo.InvariantCulture);
        long all = long.Parse(Result.Value(domain + "-rejected")!, CultureInfo.InvariantCulture);
        own.ShouldBeGreaterThanOrEqualTo(1, Result.ToString());
        all.ShouldBe(own, "only the limited domain refuses\n" + Result);
    }

    [Theory]
    [InlineData("obj")]
    [InlineData("mem")]
    [InlineData("total")]
    public void Live_bytes_stay_within_limit_plus_headroom(string domain)
    {
        long overRoom = long.Parse(Result.Value(domain + "-peak-over-room")!, CultureInfo.InvariantCulture);
        overRoom.ShouldBeLessThanOrEqualTo(0, Result.ToString());
    }

    [Theory]
    [InlineData("obj")]
    [InlineData("mem")]
    [InlineData("total")]
    [InlineData("raw")]
    public void Nothing_is_left_behind_once_the_failed_work_is_dropped(string domain)
    {
        Result.Value(domain + "-left-behind").ShouldBe("0", Result.ToString());
    }

    [Theory]
    [InlineData("obj")]
    [InlineData("mem")]
    [InlineData("total")]
    [InlineData("raw")]
    public void Raising_or_removing_the_limit_lets_the_same_code_succeed(string domain)
    {
        Result.Value(domain + "-raised").ShouldBe("ok", Result.ToString());
        Result.Value(domain + "-removed").ShouldBe("ok", Result.ToString());
    }

    [Theory]
    [InlineData("obj")]
    [InlineData("mem")]
    [InlineData("total")]
    public void The_same_limit_refuses_the_same_code_again(string domain)
    {
        // The headroom's grace ended when the failed work was dropped: the limit is as strict as before.
        Result.Value(domain + "-again").ShouldBe("MemoryError", Result.ToString());
    }

    [Fact]
    public void A_RAW_block_past_the_limit_fails_with_BlockAllocationException()
    {
        // 1 MiB of room, 64 KiB blocks, no headroom: exactly 16 fit, and nothing goes past the limit.
        Result.Value("raw-fitted").ShouldBe("16", Result.ToString());
        Result.Value("raw-allocate").ShouldBe("BlockAllocationException", Result.ToString());
        Result.Value("raw-rejected-own").ShouldBe("2", Result.ToString());
        Result.Value("raw-over-limit").ShouldBe("0", Result.ToString());
        Result.Value("raw-python").ShouldBe("ok", "a RAW limit leaves OBJ and MEM alone\n" + Result);
    }

    [Fact]
    public void With_the_headroom_the_MemoryError_keeps_its_whole_traceback()
    {
        // traceback_depth catches the MemoryError 5 calls below its own frame: 6 traceback entries, one refusal.
        // Regression: the grace ended at the first request that fitted (a few frees took the thread just below the
        // limit while the error was unwinding, on 3.9 and 3.10), so later traceback entries were refused, a second
        // MemoryError replaced the first, and the handler itself could fail.
        Result.Value("headroom-default-outcome").ShouldBe("ok", Result.ToString());
        Result.Value("headroom-default-depth").ShouldBe("6", Result.ToString());
        Result.Value("headroom-default-rejected").ShouldBe("1", Result.ToString());
    }

    [Fact]
    public void Without_headroom_the_traceback_loses_entries()
    {
        // The control for the test above: the same work with no headroom cannot record all of its traceback (on 3.9
        // and 3.10, whose frames keep the work alive while unwinding, not even the handler can run).
        string outcome = Result.Value("headroom-zero-outcome")!;
        if (outcome == "ok")
        {
            Result.Value("headroom-zero-depth")!.ShouldNotBe("6", Result.ToString());
        }
        else
        {
            outcome.ShouldBe("MemoryError", Result.ToString());
        }

        long.Parse(Result.Value("headroom-zero-rejected")!, CultureInfo.InvariantCulture).ShouldBeGreaterThan(1, Result.ToString());
    }

    [Fact]
    public void Limits_hold_the_same_under_the_debug_hooks()
    {
        // The tracker wraps the debug hooks (PYTHONMALLOC applies before it is installed), so it sees the sizes Python
        // asked for, not the hooks' padded ones: the same refusals, the same figures.
        ChildProcess.Result debug = ChildProcess.Run("limit-domains", new Dictionary<string, string?> { ["PYTHONMALLOC"] = "debug" });
        debug.ExitCode.ShouldBe(0, debug.ToString());
        foreach (string key in (string[])["obj-first", "mem-first", "total-first", "obj-left-behind", "mem-left-behind", "raw-fitted", "raw-over-limit", "headroom-default-depth", "headroom-default-rejected", "grace-after-other-domain", "obj-raised"])
        {
            debug.Value(key).ShouldBe(Result.Value(key), key + "\n" + debug);
        }
    }

    [Fact]
    public void The_grace_outlasts_an_allocation_in_a_domain_without_a_limit()
    {
        // Regression: a MEM allocation (no MEM limit) fitted, and that ended the grace the OBJ refusal had given.
        Result.Value("grace-fitted").ShouldBe("32", Result.ToString());
        Result.Value("grace-first-in-headroom").ShouldBe("True", Result.ToString());
        Result.Value("grace-after-other-domain").ShouldBe("True", Result.ToString());
        Result.Value("grace-after-drop").ShouldBe("False", Result.ToString());
    }
}
