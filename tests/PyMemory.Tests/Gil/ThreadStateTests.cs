using PyMemory.Interop;

namespace PyMemory.Tests.Gil;

/// <summary>
/// One PyThreadState per thread, kept across scopes: created by the first scope, then only detached and
/// re-attached. Python's thread-local data lives in it, so it survives between scopes; a plain
/// PyGILState_Ensure/Release pair deletes it at the outermost release.
/// </summary>
[Collection(UsesPython.Name)]
public class ThreadStateTests
{
    private static PythonApi Api => PythonRuntime.Api;

    [Fact]
    public unsafe void The_thread_state_is_the_same_across_a_thousand_scopes()
    {
        FreshThread.Run(() =>
        {
            var seen = new HashSet<nint>();
            for (int i = 0; i < 1000; i++)
            {
                using GilScope gil = GilScope.Enter();
                seen.Add(Api.PyGILState_GetThisThreadState());
            }

            seen.ShouldHaveSingleItem().ShouldNotBe(0);

            // Between scopes the state stays registered for this thread, detached.
            Api.PyGILState_GetThisThreadState().ShouldBe(seen.Single());
            Api.PyGILState_Check().ShouldBe(0);
        });
    }

    [Fact]
    public void Python_thread_local_data_survives_between_scopes()
    {
        using (GilScope.Enter())
        {
            PyRun.Exec("import threading\npymemory_kept_local = threading.local()");
        }

        FreshThread.Run(() =>
        {
            using (GilScope.Enter())
            {
                PyRun.Exec("pymemory_kept_local.value = 'kept'");
            }

            using (GilScope.Enter())
            {
                PyRun.EvalToString("getattr(pymemory_kept_local, 'value', 'lost')").ShouldBe("kept");
            }
        });
    }

    [Fact]
    public unsafe void A_plain_Ensure_Release_pair_loses_thread_local_data_which_is_what_scopes_avoid()
    {
        // The contrast that shows the previous test can fail: the outermost PyGILState_Release deletes the state.
        using (GilScope.Enter())
        {
            PyRun.Exec("import threading\npymemory_lost_local = threading.local()");
        }

        FreshThread.Run(() =>
        {
            int state = Api.PyGILState_Ensure();
            PyRun.Exec("pymemory_lost_local.value = 'kept'");
            Api.PyGILState_Release(state);

            state = Api.PyGILState_Ensure();
            string value = PyRun.EvalToString("getattr(pymemory_lost_local, 'value', 'lost')");
            Api.PyGILState_Release(state);
            value.ShouldBe("lost");
        });
    }
}
