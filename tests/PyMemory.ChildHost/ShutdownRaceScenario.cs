namespace PyMemory.ChildHost;

/// <summary>
/// <see cref="PythonRuntime.Shutdown"/> called again and again on the initializing thread while worker threads keep
/// entering and leaving scopes (nested, with AllowThreads, allocating, abandoning handles for the finalizer). Each call
/// must either refuse with the clear exception or finalize; it must never hang or crash, and afterwards the workers get
/// <see cref="InterpreterFinalizedException"/>. A watchdog ends the process with exit code 3 if anything hangs. Each
/// line is <c>name=outcome</c>.
/// </summary>
internal sealed class ShutdownRaceScenario : IChildScenario
{
    private const int Workers = 4;

    public string Name => "shutdown-race";

    public int Run(string[] args)
    {
        Watchdog.Start(TimeSpan.FromSeconds(60));

        TestLibrary.Initialize();
        using var stop = new ManualResetEventSlim();
        int iterations = 0;
        string[] outcomes = new string[Workers];
        var workers = Enumerable.Range(0, Workers).Select(index => new Thread(() => outcomes[index] = Work(index, stop, ref iterations))).ToList();
        workers.ForEach(w => w.Start());
        while (Volatile.Read(ref iterations) < 200)
        {
            Thread.Yield();
        }

        // Workers race every call: refusals are expected, but each must be the clear one; stop the workers after a
        // while so that a Shutdown that is refused every time still gets its turn.
        int refused = 0;
        string unexpected = "";
        bool finalized = false;
        var started = DateTime.UtcNow;
        while (!finalized)
        {
            if (DateTime.UtcNow - started > TimeSpan.FromSeconds(3))
            {
                stop.Set();
            }

            try
            {
                finalized = PythonRuntime.Shutdown();
                if (!finalized)
                {
                    unexpected = "returned false";
                    break;
                }
            }
            catch (InvalidOperationException e) when (e.Message.Contains("other thread(s) are inside a GilScope", StringComparison.Ordinal))
            {
                refused++;
            }
#pragma warning disable CA1031 // the outcome is what is reported
            catch (Exception e)
#pragma warning restore CA1031
            {
                unexpected = e.GetType().Name + ": " + e.Message;
                break;
            }
        }

        stop.Set();
        foreach (Thread worker in workers)
        {
            worker.Join();
        }

        Console.WriteLine("shutdown=" + (finalized ? "finalized" : unexpected));
        Console.WriteLine("refused-any=" + (refused > 0));
        Console.WriteLine("state=" + PythonRuntime.State);
        foreach (string outcome in outcomes)
        {
            Console.WriteLine("worker=" + outcome);
        }

        // After the race, on a new thread: every member answers as documented.
        string after = "";
        var late = new Thread(() => after = After());
        late.Start();
        late.Join();
        Console.WriteLine("after=" + after);
        Console.Out.Flush();
        return 0;
    }

    /// <summary>Enters and leaves scopes until told to stop or until the interpreter is finalized.</summary>
    private static string Work(int index, ManualResetEventSlim stop, ref int iterations)
    {
        try
        {
            while (!stop.IsSet)
            {
                using (GilScope.Enter())
                {
                    using (GilScope.Enter())
                    {
                        using PyMemBlock block = PyMemBlock.Allocate(32);
                    }

                    if (index % 2 == 0)
                    {
                        using (GilScope.AllowThreads())
                        {
                            Thread.SpinWait(50);
                        }
                    }

                    _ = PyObjectHandle.FromBorrowedReference(PyRun.Eval("None").DangerousGetPointer());
                }

                if (Interlocked.Increment(ref iterations) % 50 == 0)
                {
                    GC.Collect(); // finalizes the abandoned handles meanwhile
                }
            }

            // Stopped before Shutdown finalized: it must finalize now, and the next enter must say so.
            SpinWait.SpinUntil(() => PythonRuntime.State == PythonRuntimeState.Finalized, TimeSpan.FromSeconds(20));
            using (GilScope.Enter())
            {
                return "entered after shutdown";
            }
        }
        catch (InterpreterFinalizedException)
        {
            return "InterpreterFinalizedException";
        }
#pragma warning disable CA1031 // the outcome is what is reported
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e.GetType().Name + ": " + e.Message;
        }
    }

    private static string After()
    {
        var parts = new List<string>
        {
            "is-held:" + GilScope.IsHeld,
            "drain:" + PythonRuntime.DrainPendingReleases(),
            "enter:" + Outcomes.Of(() => GilScope.Enter().Dispose()),
            "is-pending:" + Outcomes.Of(() => _ = PythonException.IsPending),
            "throw-if-pending:" + Outcomes.Of(PythonException.ThrowIfPending),
            "allow-threads:" + Outcomes.Of(() => GilScope.AllowThreads().Dispose()),
            "shutdown-again:" + PythonRuntime.Shutdown(),
        };
        return string.Join(',', parts);
    }
}
