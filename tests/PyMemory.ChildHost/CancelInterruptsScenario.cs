using System.Diagnostics;

namespace PyMemory.ChildHost;

/// <summary>
/// Cancellable runs interrupted from another thread (docs/cancellation.md): a busy loop, a loop that catches
/// <c>Exception</c>, code that catches the interruption once and loops on, code that turns it into another exception or
/// swallows it and finishes, a timeout, a <c>time.sleep</c> that cannot be interrupted until it returns, and <c>Cancel()</c> called on a thread
/// that holds the GIL or is inside <c>AllowThreads</c>. After each,
/// the worker thread runs more Python, no Python error is pending, and another thread takes the GIL. Each line is
/// <c>name=outcome</c>, with <c>name-ms=</c> the time from the cancel to the exception and <c>name-total-ms=</c> the run's time. A watchdog ends the process
/// with exit code 3 if a cancellation never lands.
/// </summary>
internal sealed class CancelInterruptsScenario : IChildScenario
{
    private static readonly TimeSpan CancelAfter = TimeSpan.FromMilliseconds(200);

    public string Name => "cancel-interrupts";

    public int Run(string[] args)
    {
        Watchdog.Start(TimeSpan.FromSeconds(90));
        TestLibrary.Initialize();

        using (GilScope.Enter())
        {
            // Called inside the try blocks below: on 3.11 and 3.12 an asynchronous exception raised at the backward
            // jump of a loop written directly inside a try escapes that try (CPython's behaviour, with
            // PyThreadState_SetAsyncExc from Python too); raised in a called function it is caught on every version.
            PyRun.Exec("def spin():\n    while True: pass\n", CancellationToken.None);
        }

        Report("loop", token => PyRun.Exec("while True: pass", token));
        Report("except-exception", token => PyRun.Exec("while True:\n    try:\n        spin()\n    except Exception:\n        pass\n", token));
        Report("caught-once", token => PyRun.Exec("try:\n    spin()\nexcept BaseException:\n    caught_once = True\nspin()\n", token));
        Report("turned-into-value-error", token => PyRun.Exec("try:\n    spin()\nexcept BaseException:\n    raise ValueError('cleanup failed')\n", token));
        Report("swallowed-and-finished", token => PyRun.Exec("try:\n    spin()\nexcept BaseException as e:\n    swallowed = type(e).__module__ + '.' + type(e).__name__\n", token));
        Report("call", token =>
        {
            using PyObjectHandle spin = PyRun.Eval("spin", CancellationToken.None);
            using PyObjectHandle result = PyRun.Call(spin, token);
        });
        Report("sleep-then-loop", token => PyRun.Exec("import time\ntime.sleep(1.5)\nwhile True: pass\n", token));
        Report("timeout", _ => PyRun.Exec("while True: pass", TimeSpan.FromMilliseconds(300), CancellationToken.None), cancel: false);

        // Cancel() itself only queues the run: it returns at once on a thread that holds the GIL (the run cannot be
        // interrupted until that thread lets go) and works inside AllowThreads, where the GIL cannot be taken.
        Report("cancel-holding-gil", token => PyRun.Exec("while True: pass", token), cancel: true, cancelWith: source =>
        {
            using GilScope gil = GilScope.Enter();
            var cancelling = Stopwatch.StartNew();
            source.Cancel();
            Console.WriteLine("cancel-holding-gil-cancel-ms=" + cancelling.ElapsedMilliseconds);
            Thread.Sleep(100);
        });
        Report("cancel-in-allow-threads", token => PyRun.Exec("while True: pass", token), cancel: true, cancelWith: source =>
        {
            using GilScope gil = GilScope.Enter();
            using AllowThreadsScope released = GilScope.AllowThreads();
            source.Cancel();
        });

        using (GilScope.Enter())
        {
            Console.WriteLine("caught-once-flag=" + PyRun.EvalToString("globals().get('caught_once')"));
            Console.WriteLine("swallowed=" + PyRun.EvalToString("globals().get('swallowed')"));
        }

        return 0;
    }

    /// <summary>Runs <paramref name="run"/> on a new thread inside a scope, cancels its token after
    /// <see cref="CancelAfter"/> from another thread (through <paramref name="cancelWith"/> when given), and prints how
    /// it ended and what worked afterwards.</summary>
    private static void Report(string name, Action<CancellationToken> run, bool cancel = true, Action<CancellationTokenSource>? cancelWith = null)
    {
        using var source = new CancellationTokenSource();
        var clock = new Stopwatch();
        string outcome = "none", after = "none";
        var worker = new Thread(() =>
        {
            using GilScope gil = GilScope.Enter();
            try
            {
                clock.Start();
                run(source.Token);
                outcome = "completed";
            }
            catch (OperationCanceledException e)
            {
                outcome = $"{e.GetType().Name} token={e.CancellationToken == source.Token} inner={e.InnerException?.GetType().Name ?? "none"}";
                if (e.InnerException is PythonException python)
                {
                    outcome += " python=" + python.PythonTypeName;
                }
            }
#pragma warning disable CA1031 // the outcome is what is reported
            catch (Exception e)
#pragma warning restore CA1031
            {
                outcome = e.GetType().Name;
            }

            lock (clock)
            {
                clock.Stop();
            }

            // The same thread goes on with Python: nothing pending, code runs.
            after = $"pending={PythonException.IsPending} sum={PyRun.EvalToString("sum(range(10))")}";
        });
        worker.Start();
        Thread.Sleep(CancelAfter);
        long cancelledAt = clock.ElapsedMilliseconds;
        if (cancel)
        {
            (cancelWith ?? (s => s.Cancel()))(source);
        }

        worker.Join();
        Console.WriteLine($"{name}={outcome}");
        Console.WriteLine($"{name}-ms={clock.ElapsedMilliseconds - cancelledAt}");
        Console.WriteLine($"{name}-total-ms={clock.ElapsedMilliseconds}");
        Console.WriteLine($"{name}-after={after}");

        // Another thread takes the GIL at once: the cancelled run gave it back with its scope.
        string other = "hung";
        var taker = new Thread(() =>
        {
            using GilScope gil = GilScope.Enter();
            other = PyRun.EvalToString("1 + 1");
        });
        taker.Start();
        _ = taker.Join(TimeSpan.FromSeconds(10));
        Console.WriteLine($"{name}-other-thread={other}");
    }
}
