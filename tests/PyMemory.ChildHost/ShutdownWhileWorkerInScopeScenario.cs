namespace PyMemory.ChildHost;

/// <summary>
/// <see cref="PythonRuntime.Shutdown"/> while a worker thread holds a <see cref="GilScope"/> (args[0] "scope") or
/// sits in <see cref="GilScope.AllowThreads"/> inside one ("allow-threads"): Shutdown must refuse at once, the worker
/// must be able to go on and finish, and a second Shutdown after it finished must succeed. A watchdog ends the
/// process with exit code 3 if anything hangs. Each line is <c>name=outcome</c>.
/// </summary>
internal sealed class ShutdownWhileWorkerInScopeScenario : IChildScenario
{
    public string Name => "shutdown-while-worker-in-scope";

    public int Run(string[] args)
    {
        bool allowThreads = args.Length > 0 && args[0] == "allow-threads";
        Watchdog.Start(TimeSpan.FromSeconds(30));

        TestLibrary.Initialize();
        using var entered = new ManualResetEventSlim();
        using var attempted = new ManualResetEventSlim();
        string workerOutcome = "";
        var worker = new Thread(() =>
        {
            try
            {
                using (GilScope.Enter())
                {
                    if (allowThreads)
                    {
                        using (GilScope.AllowThreads())
                        {
                            entered.Set();
                            attempted.Wait();
                        }
                    }
                    else
                    {
                        entered.Set();
                        attempted.Wait();
                    }

                    // The refused Shutdown left the interpreter usable: the worker finishes its work.
                    using PyMemBlock block = PyMemBlock.Allocate(64);
                    workerOutcome = "allocated:" + block.Length + ",is-held:" + GilScope.IsHeld;
                }
            }
#pragma warning disable CA1031 // the outcome is what is reported
            catch (Exception e)
#pragma warning restore CA1031
            {
                workerOutcome = e.GetType().Name + ": " + e.Message;
            }
        });
        worker.Start();
        entered.Wait();

        try
        {
            Console.WriteLine("first-shutdown=" + PythonRuntime.Shutdown());
        }
        catch (InvalidOperationException e)
        {
            Console.WriteLine("first-shutdown=" + e.GetType().Name);
            Console.WriteLine("first-shutdown-message=" + e.Message);
        }

        Console.WriteLine("state-after-refusal=" + PythonRuntime.State);
        Console.Out.Flush();
        attempted.Set();
        worker.Join();
        Console.WriteLine("worker=" + workerOutcome);
        Console.WriteLine("second-shutdown=" + PythonRuntime.Shutdown());
        Console.WriteLine("is-held-after-shutdown=" + GilScope.IsHeld);

        string late = "";
        var lateWorker = new Thread(() =>
        {
            try
            {
                late = "is-held:" + GilScope.IsHeld;
                using GilScope gil = GilScope.Enter();
                late += ",entered";
            }
#pragma warning disable CA1031 // the outcome is what is reported
            catch (Exception e)
#pragma warning restore CA1031
            {
                late += "," + e.GetType().Name;
            }
        });
        lateWorker.Start();
        lateWorker.Join();
        Console.WriteLine("late-worker=" + late);
        Console.Out.Flush();
        return 0;
    }
}
