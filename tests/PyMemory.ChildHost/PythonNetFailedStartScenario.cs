using PyMemory.PythonNet;

namespace PyMemory.ChildHost;

/// <summary>
/// On a Python pythonnet 3.2 has no layout for (3.8 to 3.10), makes the bridge try pythonnet's engine anyway
/// (PythonNetBridge.InitializeCore without the support check): PythonEngine.Initialize throws after attaching, with the
/// GIL held on this thread. The bridge must release it and throw a wrapped exception; then another thread must get the
/// GIL within 5 s, and PyMemory must still shut down and exit with code 0.
/// </summary>
internal sealed class PythonNetFailedStartScenario : IChildScenario
{
    public string Name => "pythonnet-failed-start";

    public int Run(string[] args)
    {
        Watchdog.Start(TimeSpan.FromSeconds(60));
        Outcomes.Report("initialize", () => PythonNetBridge.InitializeCore(PythonNetChild.Options(), checkSupport: false));
        Console.WriteLine("mode=" + PythonNetBridge.Mode);
        Console.WriteLine("state=" + PythonRuntime.State);
        Console.WriteLine("gil-held-here=" + GilScope.IsHeld);

        string? fromWorker = null;
        var worker = new Thread(() =>
        {
            using GilScope gil = GilScope.Enter();
            fromWorker = PyRun.EvalToString("'worker got the GIL'");
        })
        { IsBackground = true };
        worker.Start();
        PythonNetChild.JoinOrReport("worker", worker, TimeSpan.FromSeconds(5));
        Console.WriteLine("worker-result=" + fromWorker);
        Console.WriteLine("shutdown=" + PythonRuntime.Shutdown());
        Console.Out.Flush();
        return 0;
    }
}
