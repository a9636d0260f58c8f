namespace PyMemory.Tests.Gil;

/// <summary>
/// Once a subinterpreter has existed, CPython's PyGILState_Check answers 1 on every thread. PyMemory's GIL rule must
/// not be fooled by it (before the fix: allocation without the GIL on 3.8-3.11, SIGSEGV on 3.12/3.13, and a scope
/// that "borrowed" a GIL nobody held and never gave back). In a child process, because a subinterpreter changes
/// the whole process.
/// </summary>
[Collection(UsesPython.Name)]
public class SubinterpreterGilTests
{
    private static readonly SharedChildRun Child = new("gil-after-subinterpreter");

    private static ChildProcess.Result Result => Child.Result;

    [Fact]
    public void The_subinterpreter_really_turned_PyGILState_Check_off()
    {
        // The premise: without it, the other tests here would prove nothing.
        Result.Value("subinterpreter").ShouldBe("True");
        Result.Value("fresh-thread-gilstate-check").ShouldBe("1");
    }

    [Fact]
    public void IsHeld_is_false_on_a_fresh_thread()
    {
        Result.Value("fresh-thread-is-held").ShouldBe("False", Result.ToString());
        Result.Value("fresh-thread-is-held-after-scope").ShouldBe("False", Result.ToString());
    }

    [Theory]
    [InlineData("fresh-thread-mem-allocate")]
    [InlineData("fresh-thread-obj-allocate")]
    public void Allocation_on_a_fresh_thread_throws_GilRequiredException(string key)
    {
        Result.Value(key).ShouldBe("GilRequiredException", Result.ToString());
    }

    [Fact]
    public void Enter_on_a_fresh_thread_takes_the_GIL_and_gives_it_back()
    {
        Result.Value("fresh-thread-enter").ShouldBe("attached:True,is-held:True", Result.ToString());

        // Another thread can take the GIL afterwards: the scope did not keep it.
        Result.Value("second-fresh-thread-enter").ShouldBe("ok", Result.ToString());
    }

    [Fact]
    public void Shutdown_finalizes_and_the_process_exits_0()
    {
        Result.Value("shutdown").ShouldBe("True");
        Result.StdErr.ShouldBeEmpty();
    }
}
