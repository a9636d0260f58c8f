using PyMemory.Interop;

namespace PyMemory.Tests.Gil;

[Collection(UsesPython.Name)]
public class GilScopeTests
{
    private static PythonApi Api => PythonRuntime.Api;

    [Fact]
    public void Enter_takes_the_GIL_on_a_fresh_thread_and_Dispose_gives_it_back()
    {
        FreshThread.Run(() =>
        {
            GilScope.IsHeld.ShouldBeFalse();
            unsafe
            {
                Api.PyGILState_Check().ShouldBe(0);
                using (GilScope.Enter())
                {
                    GilScope.IsHeld.ShouldBeTrue();
                    Api.PyGILState_Check().ShouldBe(1);
                    PyRun.EvalToString("6 * 7").ShouldBe("42");
                }

                Api.PyGILState_Check().ShouldBe(0);
                GilScope.IsHeld.ShouldBeFalse();
            }
        });
    }

    [Fact]
    public void Nested_scopes_are_reentrant_and_only_the_outermost_releases()
    {
        FreshThread.Run(() =>
        {
            using (GilScope.Enter())
            {
                for (int i = 0; i < 100; i++)
                {
                    using GilScope inner = GilScope.Enter();
                    using GilScope innermost = GilScope.Enter();
                    GilScope.IsHeld.ShouldBeTrue();
                }

                GilScope.IsHeld.ShouldBeTrue();
                PyRun.EvalToString("'still held'").ShouldBe("still held");
            }

            GilScope.IsHeld.ShouldBeFalse();
        });
    }

    [Fact]
    public void Enter_works_on_many_threads_at_once()
    {
        var started = Enumerable.Range(0, 8).Select(i => FreshThread.Start(() =>
        {
            for (int n = 0; n < 50; n++)
            {
                using GilScope gil = GilScope.Enter();
                PyRun.EvalToString($"{i} + {n}").ShouldBe((i + n).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        })).ToList();

        started.ForEach(FreshThread.Join);
    }

    [Fact]
    public void PyRun_without_a_scope_throws_GilRequiredException_naming_the_rule()
    {
        FreshThread.Run(() =>
        {
            GilRequiredException e = Should.Throw<GilRequiredException>(() => PyRun.Exec("x = 1"));

            e.FunctionName.ShouldBe("PyRun_StringFlags");
            e.Message.ShouldContain("PyRun_StringFlags requires the GIL; enter a GilScope");
        });
    }

    [Fact]
    public void Handle_from_borrowed_reference_without_a_scope_throws_GilRequiredException()
    {
        nint none;
        using (GilScope.Enter())
        {
            using PyObjectHandle value = PyRun.Eval("None");
            none = value.DangerousGetPointer(); // None lives as long as the interpreter
        }

        FreshThread.Run(() => Should.Throw<GilRequiredException>(() => PyObjectHandle.FromBorrowedReference(none))
            .FunctionName.ShouldBe("Py_IncRef"));
    }

    [Fact]
    public void Dispose_on_another_thread_throws_and_leaves_the_GIL_with_the_owner()
    {
        GilScope scope = default;
        using var entered = new ManualResetEventSlim();
        using var disposedElsewhere = new ManualResetEventSlim();
        var owner = FreshThread.Start(() =>
        {
            scope = GilScope.Enter();
            entered.Set();
            disposedElsewhere.Wait(FreshThread.Timeout).ShouldBeTrue();

            // The failed dispose changed nothing: this thread still holds the GIL and can use Python and dispose.
            GilScope.IsHeld.ShouldBeTrue();
            PyRun.EvalToString("1 + 1").ShouldBe("2");
            scope.Dispose();
            GilScope.IsHeld.ShouldBeFalse();
        });

        entered.Wait(FreshThread.Timeout).ShouldBeTrue();
        FreshThread.Run(() =>
        {
            InvalidOperationException e = Should.Throw<InvalidOperationException>(scope.Dispose);
            e.Message.ShouldContain("must be disposed on the thread that entered it");
        });
        disposedElsewhere.Set();
        FreshThread.Join(owner);

        // The owner gave the GIL back: another thread can take it.
        FreshThread.Run(() =>
        {
            using GilScope gil = GilScope.Enter();
            PyRun.EvalToString("2 + 2").ShouldBe("4");
        });
    }

    [Fact]
    public void Out_of_order_dispose_throws_and_the_scopes_can_then_be_disposed_in_order()
    {
        FreshThread.Run(() =>
        {
            GilScope outer = GilScope.Enter();
            GilScope inner = GilScope.Enter();

            Should.Throw<InvalidOperationException>(outer.Dispose).Message.ShouldContain("out of order");
            GilScope.IsHeld.ShouldBeTrue();

            inner.Dispose();
            GilScope.IsHeld.ShouldBeTrue();
            outer.Dispose();
            GilScope.IsHeld.ShouldBeFalse();
        });
    }

    [Fact]
    public void Double_dispose_is_harmless()
    {
        FreshThread.Run(() =>
        {
            GilScope outer = GilScope.Enter();
            GilScope inner = GilScope.Enter();
            inner.Dispose();
            inner.Dispose();
            GilScope.IsHeld.ShouldBeTrue();
            outer.Dispose();
            outer.Dispose();
            inner.Dispose();
            GilScope.IsHeld.ShouldBeFalse();

            // A later scope on the same thread is unaffected by the stale ones.
            using GilScope again = GilScope.Enter();
            outer.Dispose();
            GilScope.IsHeld.ShouldBeTrue();
        });
    }

    [Fact]
    public void Disposing_a_default_scope_does_nothing()
    {
        FreshThread.Run(() =>
        {
            default(GilScope).Dispose();
            GilScope.IsHeld.ShouldBeFalse();
        });
    }
}
