namespace PyMemory.ChildHost;

/// <summary>
/// A refused <see cref="PythonRuntime.Shutdown"/> "changes nothing": while a worker holds a scope (so that every call is
/// refused), the initializing thread calls Shutdown many times and an observer thread keeps reading
/// <see cref="PythonRuntime.IsRunning"/> and <see cref="PythonRuntime.State"/>, which must read true and Started
/// throughout (before the fix each refusal flipped them to false and ShuttingDown for a moment). Then the worker leaves and Shutdown
/// finalizes. A watchdog ends the process with exit code 3 if anything hangs. Each line is <c>name=outcome</c>.
/// </summary>
internal sealed class ShutdownRefusalObservedScenario : IChildScenario
{
    private const int Attempts = 20000;

    public string Name => "shutdown-refusal-observed";

    public int Run(string[] args)
    {
        Watchdog.Start(TimeSpan.FromSeconds(60));

        TestLibrary.Initialize();
        using var entered = new ManualResetEventSlim();
        using var leave = new ManualResetEventSlim();
        var worker = new Thread(() =>
        {
            using (GilScope.Enter())
            {
                entered.Set();
                leave.Wait();
            }
        });
        worker.Start();
        entered.Wait();

        using var stop = new ManualResetEventSlim();
        long notRunning = 0;
        long notStarted = 0;
        long reads = 0;
        var observer = new Thread(() =>
        {
            while (!stop.IsSet)
            {
                reads++;
                if (!PythonRuntime.IsRunning)
                {
                    notRunning++;
                }

                if (PythonRuntime.State != PythonRuntimeState.Started)
                {
                    notStarted++;
                }
            }
        });
        observer.Start();

        int refused = 0;
        for (int i = 0; i < Attempts; i++)
        {
            try
            {
                _ = PythonRuntime.Shutdown();
            }
            catch (InvalidOperationException)
            {
                refused++;
            }
        }

        stop.Set();
        observer.Join();
        leave.Set();
        worker.Join();
        Console.WriteLine("refused=" + refused);
        Console.WriteLine("observer-read=" + (reads > 0));
        Console.WriteLine("is-running-false-while-refused=" + notRunning);
        Console.WriteLine("state-not-started-while-refused=" + notStarted);
        Console.WriteLine("shutdown=" + PythonRuntime.Shutdown());
        Console.WriteLine("is-running-after=" + PythonRuntime.IsRunning);
        Console.Out.Flush();
        return 0;
    }
}
