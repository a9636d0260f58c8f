using PyMemory.Interop;

namespace PyMemory.Tests.Gil;

/// <summary>
/// Scopes mixed with another host's raw <c>PyGILState_Ensure</c>/<c>Release</c> on the same thread, as pythonnet's
/// <c>Py.GIL()</c> does, in both nesting orders, on fresh threads and on threads PyMemory already gave a thread state.
/// </summary>
[Collection(UsesPython.Name)]
public class OtherHostNestingTests
{
    private static PythonApi Api => PythonRuntime.Api;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public unsafe void Scope_inside_another_hosts_Ensure_borrows_the_GIL_and_leaves_it_to_that_host(bool threadUsedScopesBefore)
    {
        FreshThread.Run(() =>
        {
            if (threadUsedScopesBefore)
            {
                GilScope.Enter().Dispose();
            }

            int hostState = Api.PyGILState_Ensure();
            using (GilScope.Enter())
            {
                PyRun.EvalToString("'inside both'").ShouldBe("inside both");
            }

            // The scope gave nothing back: the host still holds the GIL.
            Api.PyGILState_Check().ShouldBe(1);
            PyRun.EvalToString("'host still holds it'").ShouldBe("host still holds it");
            Api.PyGILState_Release(hostState);
            Api.PyGILState_Check().ShouldBe(0);

            using (GilScope.Enter())
            {
                PyRun.EvalToString("'scope again'").ShouldBe("scope again");
            }

            Api.PyGILState_Check().ShouldBe(0);
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public unsafe void Another_hosts_Ensure_inside_a_scope_leaves_the_scope_holding_the_GIL(bool threadUsedScopesBefore)
    {
        FreshThread.Run(() =>
        {
            if (threadUsedScopesBefore)
            {
                GilScope.Enter().Dispose();
            }

            using (GilScope.Enter())
            {
                int hostState = Api.PyGILState_Ensure();
                PyRun.EvalToString("'inside both'").ShouldBe("inside both");
                Api.PyGILState_Release(hostState);

                Api.PyGILState_Check().ShouldBe(1);
                PyRun.EvalToString("'scope still holds it'").ShouldBe("scope still holds it");
            }

            Api.PyGILState_Check().ShouldBe(0);
            GilScope.IsHeld.ShouldBeFalse();
        });
    }

    [Fact]
    public unsafe void Scope_after_another_host_released_the_GIL_inside_its_Ensure_takes_and_returns_it()
    {
        // pythonnet: using (Py.GIL()) { PythonEngine.BeginAllowThreads(); ... } with PyMemory code in the middle.
        FreshThread.Run(() =>
        {
            int hostState = Api.PyGILState_Ensure();
            nint hostThread = Api.PyEval_SaveThread();
            Api.PyGILState_Check().ShouldBe(0);

            using (GilScope.Enter())
            {
                PyRun.EvalToString("'taken'").ShouldBe("taken");
            }

            Api.PyGILState_Check().ShouldBe(0);
            Api.PyEval_RestoreThread(hostThread);
            PyRun.EvalToString("'host has it back'").ShouldBe("host has it back");
            Api.PyGILState_Release(hostState);
            Api.PyGILState_Check().ShouldBe(0);
        });
    }

    [Fact]
    public unsafe void Interleaved_host_and_scopes_many_times_keep_one_thread_state()
    {
        FreshThread.Run(() =>
        {
            var states = new HashSet<nint>();
            for (int i = 0; i < 200; i++)
            {
                int hostState = Api.PyGILState_Ensure();
                using (GilScope.Enter())
                {
                    states.Add(Api.PyGILState_GetThisThreadState());
                }

                Api.PyGILState_Release(hostState);
                using (GilScope.Enter())
                {
                    int inner = Api.PyGILState_Ensure();
                    states.Add(Api.PyGILState_GetThisThreadState());
                    Api.PyGILState_Release(inner);
                }
            }

            states.Count.ShouldBe(1);
            Api.PyGILState_Check().ShouldBe(0);
        });
    }

    [Fact]
    public unsafe void Host_releasing_its_GIL_while_a_borrowing_scope_is_open_makes_calls_throw_instead_of_crashing()
    {
        FreshThread.Run(() =>
        {
            int hostState = Api.PyGILState_Ensure();
            GilScope borrowed = GilScope.Enter();
            Api.PyGILState_Release(hostState); // the host releases out of order, behind the scope's back

            Should.Throw<GilRequiredException>(() => PyRun.Exec("pass"));
            GilScope.IsHeld.ShouldBeFalse();
            using (GilScope.Enter())
            {
                // A nested scope trusts the outer one and does not take the GIL again: still a clear exception.
                Should.Throw<GilRequiredException>(() => PyRun.Exec("pass"));
            }

            borrowed.Dispose();
            Api.PyGILState_Check().ShouldBe(0);
            using (GilScope.Enter())
            {
                PyRun.EvalToString("'a new outermost scope takes it'").ShouldBe("a new outermost scope takes it");
            }
        });
    }

    [Fact]
    public unsafe void Host_thread_state_survives_the_hosts_outermost_release_once_a_scope_borrowed_it()
    {
        using (GilScope.Enter())
        {
            PyRun.Exec("import threading\npymemory_host_local = threading.local()");
        }

        FreshThread.Run(() =>
        {
            int hostState = Api.PyGILState_Ensure();
            nint hostThreadState = Api.PyGILState_GetThisThreadState();
            using (GilScope.Enter())
            {
                PyRun.Exec("pymemory_host_local.value = 'kept'");
            }

            Api.PyGILState_Release(hostState);

            using (GilScope.Enter())
            {
                Api.PyGILState_GetThisThreadState().ShouldBe(hostThreadState);
                PyRun.EvalToString("getattr(pymemory_host_local, 'value', 'lost')").ShouldBe("kept");
            }
        });
    }
}
