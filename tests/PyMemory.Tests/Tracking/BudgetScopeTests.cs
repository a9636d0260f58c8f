namespace PyMemory.Tests.Tracking;

/// <summary>
/// Budget scopes (<c>MemoryTracker.BeginBudget</c>): a limit for one piece of work on one thread. In a child process,
/// because the work meets MemoryError (CPython has crash bugs on some out-of-memory paths) and scopes are per thread
/// state of the native tracker.
/// </summary>
[Collection(UsesPython.Name)]
public sealed class BudgetScopeTests
{
    private static readonly SharedChildRun Child = new("budget-scopes");

    private static ChildProcess.Result Result => Child.Result;

    [Fact]
    public void Work_past_the_scope_limit_raises_MemoryError_and_is_counted()
    {
        Result.Value("limit-first").ShouldBe("MemoryError", Result.ToString());
        Result.Value("limit-scope-rejections").ShouldBe("1", Result.ToString());
        Result.Value("limit-rejected").ShouldBe("1", Result.ToString());
        Result.Value("limit-scope-live-under-limit").ShouldBe("True", Result.ToString());
        Result.Value("host").ShouldBe("1000", Result.ToString());
    }

    [Fact]
    public void Other_threads_are_neither_refused_nor_charged()
    {
        // 4 MiB of RAW blocks and 20,000 bytearrays on another thread while the main thread's 1 MiB scope is open.
        Result.Value("limit-other-thread").ShouldBe("raw-ok,python=20000", Result.ToString());
        Result.Value("limit-other-thread-charged").ShouldBe("0", Result.ToString());
    }

    [Fact]
    public void The_same_work_succeeds_in_a_larger_scope()
    {
        Result.Value("recovery").ShouldBe("ok", Result.ToString());
        Result.Value("recovery-charged-over-20MB").ShouldBe("True", Result.ToString());
        Result.Value("recovery-rejections").ShouldBe("0", Result.ToString());
    }

    [Fact]
    public void Blocks_freed_on_another_thread_are_credited()
    {
        Result.Value("credit-raw-charged").ShouldBe("655360", Result.ToString());
        Result.Value("credit-raw-blocks").ShouldBe("10", Result.ToString());
        Result.Value("credit-raw-freed-on").ShouldBe("other", Result.ToString());
        Result.Value("credit-raw-after").ShouldBe("0", Result.ToString());
        Result.Value("credit-raw-blocks-after").ShouldBe("0", Result.ToString());
    }

    [Fact]
    public void Python_objects_dropped_on_another_thread_are_credited()
    {
        Result.Value("credit-python-kept-over-500000").ShouldBe("True", Result.ToString());
        Result.Value("credit-python-dropped-on").ShouldBe("other", Result.ToString());
        Result.Value("credit-python-credited-over-500000").ShouldBe("True", Result.ToString());
    }

    [Fact]
    public void An_inner_scope_charges_the_outer_one_too_and_either_can_refuse()
    {
        Result.Value("nest-inner-charged").ShouldBe("524288", Result.ToString());
        Result.Value("nest-outer-charged").ShouldBe("524288", Result.ToString());
        Result.Value("nest-inner-refuses").ShouldBe("True", Result.ToString());
        Result.Value("nest-inner-rejections").ShouldBe("1", Result.ToString());
        Result.Value("nest-outer-rejections").ShouldBe("0", Result.ToString());
        Result.Value("nest-outer-after-inner").ShouldBe("ok", Result.ToString());
        Result.Value("nest-outer-refuses").ShouldBe("True", Result.ToString());
        Result.Value("nest-tight-outer-rejections").ShouldBe("1", Result.ToString());
        Result.Value("nest-loose-inner-rejections").ShouldBe("0", Result.ToString());
        Result.Value("nest-python-in-inner").ShouldBe("MemoryError", Result.ToString());
    }

    [Fact]
    public void Scopes_nest_at_most_four_deep()
    {
        Result.Value("depth-fifth").ShouldBe("InvalidOperationException", Result.ToString());
        Result.Value("depth-after").ShouldBe("ok", Result.ToString());
        Result.Value("depth-zero-limit").ShouldBe("ArgumentOutOfRangeException", Result.ToString());
    }

    [Fact]
    public void Dispose_on_another_thread_throws_and_leaves_the_scope_to_its_owner()
    {
        Result.Value("dispose-other-thread").ShouldBe("InvalidOperationException", Result.ToString());
        Result.Value("dispose-own-thread").ShouldBe("ok", Result.ToString());
        Result.Value("dispose-twice").ShouldBe("ok", Result.ToString());
    }

    [Fact]
    public void Dispose_out_of_order_throws_and_leaves_both_scopes_working()
    {
        Result.Value("dispose-out-of-order").ShouldBe("InvalidOperationException", Result.ToString());
        Result.Value("dispose-first-still-charged").ShouldBe("65536", Result.ToString());
        Result.Value("dispose-second-still-charged").ShouldBe("65536", Result.ToString());
        Result.Value("dispose-in-order").ShouldBe("ok", Result.ToString());
        Result.Value("dispose-not-charged-after").ShouldBe("0", Result.ToString());
    }

    [Fact]
    public void Each_refusal_is_counted_once_in_the_scope_and_in_its_domain()
    {
        Result.Value("rejections-scope").ShouldBe("3", Result.ToString());
        Result.Value("rejections-raw").ShouldBe("3", Result.ToString());
        Result.Value("rejections-small-fits").ShouldBe("ok", Result.ToString());
    }
}
