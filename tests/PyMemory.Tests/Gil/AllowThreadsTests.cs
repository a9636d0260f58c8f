namespace PyMemory.Tests.Gil;

[Collection(UsesPython.Name)]
public class AllowThreadsTests
{
    [Fact]
    public void AllowThreads_releases_the_GIL_so_another_thread_can_take_it_meanwhile()
    {
        using var released = new ManualResetEventSlim();
        using var otherDone = new ManualResetEventSlim();
        string? seenByOther = null;
        var first = FreshThread.Start(() =>
        {
            using GilScope gil = GilScope.Enter();
            PyRun.Exec("pymemory_allow_threads = 'set while holding'");
            using (GilScope.AllowThreads())
            {
                released.Set();

                // The other thread can only finish if this one really gave the GIL up.
                otherDone.Wait(FreshThread.Timeout).ShouldBeTrue("the other thread could not take the GIL");
            }

            GilScope.IsHeld.ShouldBeTrue();
            PyRun.EvalToString("pymemory_allow_threads").ShouldBe("changed by the other thread");
        });

        released.Wait(FreshThread.Timeout).ShouldBeTrue();
        FreshThread.Run(() =>
        {
            using GilScope gil = GilScope.Enter();
            seenByOther = PyRun.EvalToString("pymemory_allow_threads");
            PyRun.Exec("pymemory_allow_threads = 'changed by the other thread'");
        });
        otherDone.Set();
        FreshThread.Join(first);
        seenByOther.ShouldBe("set while holding");
    }

    [Fact]
    public void Calls_inside_AllowThreads_throw_GilRequiredException()
    {
        FreshThread.Run(() =>
        {
            using GilScope gil = GilScope.Enter();
            using (GilScope.AllowThreads())
            {
                GilScope.IsHeld.ShouldBeFalse();
                Should.Throw<GilRequiredException>(() => PyRun.Exec("pass")).Message.ShouldContain("requires the GIL");
                Should.Throw<GilRequiredException>(() => PyRun.Eval("1"));
            }

            PyRun.Exec("pass");
        });
    }

    [Fact]
    public void Entering_a_scope_inside_AllowThreads_throws()
    {
        FreshThread.Run(() =>
        {
            using GilScope gil = GilScope.Enter();
            using (GilScope.AllowThreads())
            {
                Should.Throw<InvalidOperationException>(() => GilScope.Enter()).Message.ShouldContain("AllowThreads");
            }

            GilScope.IsHeld.ShouldBeTrue();
        });
    }

    [Fact]
    public void AllowThreads_outside_a_scope_throws_GilRequiredException()
    {
        FreshThread.Run(() => Should.Throw<GilRequiredException>(() => GilScope.AllowThreads()).FunctionName.ShouldBe("GilScope.AllowThreads"));
    }

    [Fact]
    public void AllowThreads_twice_throws_and_the_first_still_restores()
    {
        FreshThread.Run(() =>
        {
            using GilScope gil = GilScope.Enter();
            AllowThreadsScope allow = GilScope.AllowThreads();
            Should.Throw<InvalidOperationException>(() => GilScope.AllowThreads());
            allow.Dispose();
            allow.Dispose(); // harmless
            GilScope.IsHeld.ShouldBeTrue();
            PyRun.Exec("pass");
        });
    }

    [Fact]
    public void Disposing_the_scope_while_AllowThreads_is_open_throws()
    {
        FreshThread.Run(() =>
        {
            GilScope gil = GilScope.Enter();
            AllowThreadsScope allow = GilScope.AllowThreads();
            Should.Throw<InvalidOperationException>(gil.Dispose).Message.ShouldContain("AllowThreads");
            allow.Dispose();
            gil.Dispose();
            GilScope.IsHeld.ShouldBeFalse();
        });
    }

    [Fact]
    public void Disposing_AllowThreads_on_another_thread_throws_and_leaves_the_GIL_released()
    {
        AllowThreadsScope allow = default;
        using var ready = new ManualResetEventSlim();
        using var tried = new ManualResetEventSlim();
        var owner = FreshThread.Start(() =>
        {
            using GilScope gil = GilScope.Enter();
            allow = GilScope.AllowThreads();
            ready.Set();
            tried.Wait(FreshThread.Timeout).ShouldBeTrue();
            GilScope.IsHeld.ShouldBeFalse();
            allow.Dispose();
            GilScope.IsHeld.ShouldBeTrue();
        });

        ready.Wait(FreshThread.Timeout).ShouldBeTrue();
        FreshThread.Run(() => Should.Throw<InvalidOperationException>(allow.Dispose).Message.ShouldContain("disposed on thread"));
        tried.Set();
        FreshThread.Join(owner);
    }
}
