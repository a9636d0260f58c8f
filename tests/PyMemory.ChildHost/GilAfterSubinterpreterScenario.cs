using PyMemory.Interop;

namespace PyMemory.ChildHost;

/// <summary>
/// Runs a subinterpreter (Py_NewInterpreter / Py_EndInterpreter, as <c>_testcapi.run_in_subinterp</c> does), after
/// which CPython's <c>PyGILState_Check</c> answers 1 on every thread; then checks that PyMemory's GIL rule still
/// tells a fresh thread without the GIL apart, and that Shutdown finalizes. Each line is <c>name=outcome</c>.
/// </summary>
internal sealed unsafe class GilAfterSubinterpreterScenario : IChildScenario
{
    public string Name => "gil-after-subinterpreter";

    public int Run(string[] args)
    {
        TestLibrary.Initialize();
        PythonApi api = RawLayer.Api();
        Console.WriteLine("subinterpreter=" + Subinterpreter.RunOnce(api));

        OnFreshThread("fresh-thread-gilstate-check", () => api.PyGILState_Check().ToString(System.Globalization.CultureInfo.InvariantCulture));
        OnFreshThread("fresh-thread-is-held", () => GilScope.IsHeld.ToString());
        OnFreshThread("fresh-thread-mem-allocate", () =>
        {
            PyMemBlock.Allocate(16).Dispose();
            return "ok";
        });
        OnFreshThread("fresh-thread-obj-allocate", () =>
        {
            PyObjectBlock.Allocate(16).Dispose();
            return "ok";
        });
        OnFreshThread("fresh-thread-enter", () =>
        {
            using GilScope gil = GilScope.Enter();

            // The scope took the GIL only if this thread's own state is now the current one.
            nint current = api.PyThreadState_GetUnchecked();
            bool attached = current != 0 && current == api.PyGILState_GetThisThreadState();
            using PyMemBlock block = PyMemBlock.Allocate(16);
            PyRun.Exec("x = sum(range(100))");
            return "attached:" + attached + ",is-held:" + GilScope.IsHeld;
        });
        OnFreshThread("fresh-thread-is-held-after-scope", () => GilScope.IsHeld.ToString());

        // The scope above gave the GIL back when it ended: another fresh thread can take it (else this one hangs).
        OnFreshThread("second-fresh-thread-enter", () =>
        {
            using GilScope gil = GilScope.Enter();
            PyRun.Exec("y = 1");
            return "ok";
        });

        Console.WriteLine("shutdown=" + PythonRuntime.Shutdown());
        Console.Out.Flush();
        return 0;
    }

    private static void OnFreshThread(string name, Func<string> action)
    {
        string outcome = "";
        var thread = new Thread(() =>
        {
            try
            {
                outcome = action();
            }
#pragma warning disable CA1031 // the outcome is what is reported
            catch (Exception e)
#pragma warning restore CA1031
            {
                outcome = e.GetType().Name;
            }
        });
        thread.Start();
        if (!thread.Join(TimeSpan.FromSeconds(20)))
        {
            Console.WriteLine(name + "=hung");
            Console.Out.Flush();
            Environment.Exit(3);
        }

        Console.WriteLine(name + "=" + outcome);
        Console.Out.Flush();
    }
}
