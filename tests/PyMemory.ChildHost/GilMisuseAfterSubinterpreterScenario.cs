using PyMemory.Interop;

namespace PyMemory.ChildHost;

/// <summary>
/// GilScope misused once a subinterpreter has run (so that CPython's <c>PyGILState_Check</c> answers 1 everywhere and
/// cannot be what PyMemory relies on): a scope disposed on the wrong thread, IsHeld and the error checks inside
/// AllowThreads, a drain inside AllowThreads, IsPending / ThrowIfPending on a thread without the GIL. Each misuse must
/// throw its documented exception and leave the GIL as it was. Anything that hangs ends the process with exit code 3.
/// Each line is <c>name=outcome</c>.
/// </summary>
internal sealed class GilMisuseAfterSubinterpreterScenario : IChildScenario
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public string Name => "gil-misuse-after-subinterpreter";

    public int Run(string[] args)
    {
        TestLibrary.Initialize();
        PythonApi api = RawLayer.Api();
        Console.WriteLine("subinterpreter=" + Subinterpreter.RunOnce(api));
        Report("wrong-thread-dispose", WrongThreadDispose);
        Report("allow-threads", AllowThreadsMisuse);
        Report("fresh-thread-is-pending", () => Outcomes.Of(() => _ = PythonException.IsPending));
        Report("fresh-thread-throw-if-pending", () => Outcomes.Of(PythonException.ThrowIfPending));
        Report("fresh-thread-enter", () =>
        {
            using GilScope gil = GilScope.Enter();
            PyRun.Exec("z = 3");
            return "ok";
        });
        Console.WriteLine("shutdown=" + PythonRuntime.Shutdown());
        Console.Out.Flush();
        return 0;
    }

    /// <summary>Thread A enters, thread B disposes A's scope: B is refused, A still holds the GIL and disposes it,
    /// after which the GIL is free for another thread.</summary>
    private static string WrongThreadDispose()
    {
        GilScope scope = GilScope.Enter();
        string disposedElsewhere = "";
        Start(() => disposedElsewhere = Outcomes.Of(scope.Dispose));
        bool heldAfter = GilScope.IsHeld;
        scope.Dispose();
        bool heldAfterOwnDispose = GilScope.IsHeld;
        string other = "";
        Start(() => other = Outcomes.Of(() =>
        {
            using GilScope gil = GilScope.Enter();
            PyRun.Exec("w = 1");
        }));
        return $"other-thread:{disposedElsewhere},held-after:{heldAfter},held-after-own-dispose:{heldAfterOwnDispose},next-thread:{other}";
    }

    /// <summary>Inside AllowThreads: IsHeld false, the error checks and a drain refused, another thread can run Python;
    /// after it, the scope holds the GIL again.</summary>
    private static string AllowThreadsMisuse()
    {
        using GilScope gil = GilScope.Enter();
        bool heldInside;
        string isPending;
        string throwIfPending;
        string drain;
        string other = "";
        using (GilScope.AllowThreads())
        {
            heldInside = GilScope.IsHeld;
            isPending = Outcomes.Of(() => _ = PythonException.IsPending);
            throwIfPending = Outcomes.Of(PythonException.ThrowIfPending);
            drain = Outcomes.Of(() => _ = PythonRuntime.DrainPendingReleases());
            Start(() => other = Outcomes.Of(() =>
            {
                using GilScope inner = GilScope.Enter();
                PyRun.Exec("v = 2");
            }));
        }

        return $"is-held:{heldInside},is-pending:{isPending},throw-if-pending:{throwIfPending},drain:{drain},other-thread:{other}," +
            $"held-after:{GilScope.IsHeld},pending-after:{PythonException.IsPending}";
    }

    private static void Report(string name, Func<string> action)
    {
        string outcome = "";
        Start(() =>
        {
            try
            {
                outcome = action();
            }
#pragma warning disable CA1031 // the outcome is what is reported
            catch (Exception e)
#pragma warning restore CA1031
            {
                outcome = "threw " + e.GetType().Name + ": " + e.Message;
            }
        });
        Console.WriteLine(name + "=" + outcome);
        Console.Out.Flush();
    }

    /// <summary>Runs <paramref name="action"/> on a new thread; ends the process with exit code 3 if it hangs.</summary>
    private static void Start(Action action)
    {
        var thread = new Thread(() => action());
        thread.Start();
        if (!thread.Join(Timeout))
        {
            Console.WriteLine("hung=true");
            Console.Out.Flush();
            Environment.Exit(3);
        }
    }
}
