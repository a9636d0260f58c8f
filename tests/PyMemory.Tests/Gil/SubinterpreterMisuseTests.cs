namespace PyMemory.Tests.Gil;

/// <summary>
/// GilScope misused after a subinterpreter has run (CPython's PyGILState_Check then answers 1 on every thread, so a
/// rule built on it would let each misuse through): every misuse throws its documented exception and leaves the GIL as
/// it was. In a child process, because a subinterpreter changes the whole process; it exits 3 if anything hangs.
/// </summary>
[Collection(UsesPython.Name)]
public class SubinterpreterMisuseTests
{
    private static readonly SharedChildRun Child = new("gil-misuse-after-subinterpreter");

    private static ChildProcess.Result Result => Child.Result;

    [Fact]
    public void A_scope_disposed_on_the_wrong_thread_is_refused_and_the_owner_still_holds_the_GIL()
    {
        Result.Value("subinterpreter").ShouldBe("True");
        Result.Value("wrong-thread-dispose").ShouldBe(
            "other-thread:InvalidOperationException,held-after:True,held-after-own-dispose:False,next-thread:ok", Result.ToString());
    }

    [Fact]
    public void Inside_AllowThreads_IsHeld_is_false_the_checks_throw_and_another_thread_can_run_Python()
    {
        Result.Value("allow-threads").ShouldBe(
            "is-held:False,is-pending:GilRequiredException,throw-if-pending:GilRequiredException,drain:InvalidOperationException," +
            "other-thread:ok,held-after:True,pending-after:False",
            Result.ToString());
    }

    [Fact]
    public void IsPending_and_ThrowIfPending_on_a_thread_without_the_GIL_throw_GilRequiredException()
    {
        Result.Value("fresh-thread-is-pending").ShouldBe("GilRequiredException", Result.ToString());
        Result.Value("fresh-thread-throw-if-pending").ShouldBe("GilRequiredException", Result.ToString());
    }

    [Fact]
    public void The_GIL_is_free_afterwards_and_Shutdown_finalizes()
    {
        Result.Value("fresh-thread-enter").ShouldBe("ok", Result.ToString());
        Result.Value("shutdown").ShouldBe("True");
        Result.StdErr.ShouldBeEmpty();
    }
}
