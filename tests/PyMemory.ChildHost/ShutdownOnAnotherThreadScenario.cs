namespace PyMemory.ChildHost;

/// <summary>
/// Initializes on the main thread; a worker uses Python and imports threading (which would make it threading's main
/// thread had PyMemory not imported threading at start); a second thread tries Shutdown, which must refuse; the main
/// thread's Shutdown must then finish (the test bounds it with the child-process timeout).
/// </summary>
internal sealed class ShutdownOnAnotherThreadScenario : IChildScenario
{
    public string Name => "shutdown-on-another-thread";

    public int Run(string[] args)
    {
        TestLibrary.Initialize();
        var worker = new Thread(() =>
        {
            using GilScope gil = GilScope.Enter();
            PyRun.Exec("import threading, decimal\nvalue = str(decimal.Decimal(1) / 8)");
            Console.WriteLine("threading-main-is-worker=" + PyRun.EvalToString("threading.main_thread().ident == threading.get_ident()"));
        });
        worker.Start();
        worker.Join();

        string? fromOtherThread = null;
        var closer = new Thread(() =>
        {
            try
            {
                fromOtherThread = "returned " + PythonRuntime.Shutdown();
            }
            catch (InvalidOperationException e)
            {
                fromOtherThread = e.GetType().Name + ": " + e.Message;
            }
        });
        closer.Start();
        closer.Join();
        Console.WriteLine("other-thread-shutdown=" + fromOtherThread);
        Console.WriteLine("state-after-refusal=" + PythonRuntime.State);
        using (GilScope.Enter())
        {
            Console.WriteLine("still-usable=" + PyRun.EvalToString("value"));
        }

        Console.WriteLine("main-shutdown=" + PythonRuntime.Shutdown());
        Console.WriteLine("state=" + PythonRuntime.State);
        return 0;
    }
}
