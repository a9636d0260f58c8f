namespace PyMemory.ChildHost;

/// <summary>
/// The claim the hosted service takes while its interpreter thread starts Python: until that thread has started it,
/// using or initializing Python on any other thread throws (instead of starting it on a thread that could not shut it
/// down), and once it has, every thread uses it and only the claimed thread can shut it down.
/// </summary>
internal sealed class HostingClaimScenario : IChildScenario
{
    public string Name => "hosting-claim";

    public int Run(string[] args)
    {
        Watchdog.Start(TimeSpan.FromSeconds(60));
        using var go = new ManualResetEventSlim();
        string? shutdown = null;
        var interpreter = new Thread(() =>
        {
            go.Wait();
            PythonRuntime.Initialize(new PythonRuntimeOptions { LibraryPath = TestLibrary.Path });
            go.Reset();
            go.Wait();
            shutdown = PythonRuntime.Shutdown().ToString();
        });
        PythonRuntime.ClaimStart(interpreter.ManagedThreadId, "the test's interpreter thread");
        interpreter.Start();

        Outcomes.Report("implicit-use-while-claimed", () => GilScope.Enter().Dispose());
        Outcomes.Report("initialize-while-claimed", () => PythonRuntime.Initialize(new PythonRuntimeOptions { LibraryPath = TestLibrary.Path }));
        Console.WriteLine("state-while-claimed=" + PythonRuntime.State);

        go.Set();
        while (PythonRuntime.State != PythonRuntimeState.Started)
        {
            Thread.Sleep(5);
        }

        Console.WriteLine("initialized-on-claimed-thread=" + (PythonRuntime.InitializingThreadId == interpreter.ManagedThreadId));
        Outcomes.Report("use-after-start", () =>
        {
            using GilScope gil = GilScope.Enter();
            Console.WriteLine("python=" + PyRun.EvalToString("6 * 7"));
        });
        go.Set();
        interpreter.Join();
        Console.WriteLine("shutdown-on-claimed-thread=" + shutdown);
        return 0;
    }
}
