using System.Runtime.InteropServices;

namespace PyMemory.ChildHost;

/// <summary>
/// Nested cancellable runs on one thread: the outer run's Python code calls back into .NET (a ctypes
/// <c>PYFUNCTYPE</c> over an unmanaged-callers-only function, which keeps the GIL), and the callback starts an inner
/// cancellable run. Two cases: the inner token is cancelled (only the inner run ends, the outer code goes on), and the
/// outer token is cancelled while the inner run spins (the inner run ends with the outer token, and the outer run ends
/// too once control is back in its code). Each line is <c>case-run=outcome</c>; a watchdog ends a hang with exit code 3.
/// </summary>
internal sealed unsafe class CancelNestedScenario : IChildScenario
{
    private static CancellationToken s_innerToken;
    private static CancellationToken s_outerToken;
    private static string s_innerOutcome = "not run";

    public string Name => "cancel-nested";

    public int Run(string[] args)
    {
        Watchdog.Start(TimeSpan.FromSeconds(60));
        TestLibrary.Initialize();
        using (GilScope.Enter())
        {
            delegate* unmanaged<int> inner = &Inner;
            PyRun.Exec(
                "import ctypes\n" +
                "def spin():\n    while True: pass\n" +
                $"inner = ctypes.PYFUNCTYPE(ctypes.c_int)({(nint)inner})\n");
        }

        Case("inner-cancelled", cancelInner: true);
        Case("outer-cancelled", cancelInner: false);
        return 0;
    }

    private static void Case(string name, bool cancelInner)
    {
        using var outer = new CancellationTokenSource();
        using var innerSource = new CancellationTokenSource();
        s_innerToken = innerSource.Token;
        s_outerToken = outer.Token;
        string outcome = "none", after = "none";
        var worker = new Thread(() =>
        {
            using GilScope gil = GilScope.Enter();
            try
            {
                // After the callback returns, the outer code records its code and spins until the outer token ends it.
                PyRun.Exec("inner_rc = inner()\nspin()\n", outer.Token);
                outcome = "completed";
            }
            catch (OperationCanceledException e)
            {
                outcome = $"{e.GetType().Name} token={(e.CancellationToken == outer.Token ? "outer" : e.CancellationToken == innerSource.Token ? "inner" : "other")}";
            }

            after = $"pending={PythonException.IsPending} inner_rc={PyRun.EvalToString("globals().get('inner_rc')")} sum={PyRun.EvalToString("sum(range(10))")}";
        });
        worker.Start();
        Thread.Sleep(300);
        (cancelInner ? innerSource : outer).Cancel();
        if (cancelInner)
        {
            Thread.Sleep(300); // the outer run goes on after the inner one ended; then end it
            outer.Cancel();
        }

        worker.Join();
        Console.WriteLine($"{name}-inner={s_innerOutcome}");
        Console.WriteLine($"{name}-outer={outcome}");
        Console.WriteLine($"{name}-after={after}");
    }

    [UnmanagedCallersOnly]
    private static int Inner()
    {
        try
        {
            PyRun.Exec("spin()", s_innerToken);
            s_innerOutcome = "completed";
            return 0;
        }
        catch (OperationCanceledException e)
        {
            s_innerOutcome = $"{e.GetType().Name} token={(e.CancellationToken == s_innerToken ? "inner" : e.CancellationToken == s_outerToken ? "outer" : "other")}";
            return 1;
        }
#pragma warning disable CA1031 // an exception must not cross the native frame
        catch (Exception e)
#pragma warning restore CA1031
        {
            s_innerOutcome = e.GetType().Name + ": " + e.Message;
            return 2;
        }
    }
}
