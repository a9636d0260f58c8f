using System.Diagnostics;

namespace PyMemory.ChildHost;

/// <summary>
/// A cancellable run whose code runs a busy second in a subinterpreter (<c>_testcapi.run_in_subinterp</c>) and then
/// spins in the main interpreter, cancelled 0.2 s in: the interruption targets the run's main-interpreter thread state,
/// so it lands when the subinterpreter returns. Prints <c>outcome=</c>, <c>total-ms=</c> and <c>after=</c>, or
/// <c>outcome=unavailable</c> when this Python has no <c>_testcapi.run_in_subinterp</c>.
/// </summary>
internal sealed class CancelSubinterpreterScenario : IChildScenario
{
    public string Name => "cancel-subinterpreter";

    public int Run(string[] args)
    {
        Watchdog.Start(TimeSpan.FromSeconds(60));
        TestLibrary.Initialize();
        using var source = new CancellationTokenSource();
        string outcome = "none", after = "none";
        var clock = Stopwatch.StartNew();
        var worker = new Thread(() =>
        {
            using GilScope gil = GilScope.Enter();
            try
            {
                PyRun.Exec(
                    "try:\n    from _testcapi import run_in_subinterp\nexcept ImportError:\n    run_in_subinterp = None\n" +
                    "if run_in_subinterp is not None:\n" +
                    "    run_in_subinterp('import time\\nt = time.monotonic()\\nwhile time.monotonic() - t < 1.0: pass\\n')\n" +
                    "    while True: pass\n",
                    source.Token);
                outcome = PyRun.EvalToString("run_in_subinterp is None") == "True" ? "unavailable" : "completed";
            }
            catch (OperationCanceledException e)
            {
                outcome = $"{e.GetType().Name} token={e.CancellationToken == source.Token}";
            }

            clock.Stop();
            after = $"pending={PythonException.IsPending} sum={PyRun.EvalToString("sum(range(10))")}";
        });
        worker.Start();
        Thread.Sleep(200);
        source.Cancel();
        worker.Join();
        Console.WriteLine("outcome=" + outcome);
        Console.WriteLine("total-ms=" + clock.ElapsedMilliseconds);
        Console.WriteLine("after=" + after);
        return 0;
    }
}
