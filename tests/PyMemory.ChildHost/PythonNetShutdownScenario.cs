using PyMemory.PythonNet;
using Python.Runtime;

namespace PyMemory.ChildHost;

/// <summary>
/// Starts through the bridge and ends the way the argument names, then returns from Main: <c>bridge</c>
/// (PythonNetBridge.Shutdown), <c>runtime-alone</c> (only PythonRuntime.Shutdown, which must refuse while pythonnet's
/// engine runs), <c>pythonnet-then-runtime</c> (PythonEngine.Shutdown by hand, then PythonRuntime.Shutdown),
/// <c>none</c> (no shutdown at all: the bridge's exit handler stops pythonnet). Exit code 0: no SIGSEGV at exit.
/// </summary>
internal sealed class PythonNetShutdownScenario : IChildScenario
{
    public string Name => "pythonnet-shutdown";

    public int Run(string[] args)
    {
        Watchdog.Start(TimeSpan.FromSeconds(60));
        PythonNetBridgeMode mode = PythonNetChild.Start();
        switch (args[0])
        {
            case "bridge":
                return PythonNetChild.Finish();
            case "runtime-alone":
                Outcomes.Report("runtime-shutdown", () => Console.WriteLine("runtime-shutdown-value=" + PythonRuntime.Shutdown()));
                Console.WriteLine("state-after-refusal=" + PythonRuntime.State);
                if (PythonRuntime.IsRunning) // refused (pythonnet runs), not finalized (PyMemory alone)
                {
                    using GilScope gil = GilScope.Enter();
                    Console.WriteLine("usable-after-refusal=" + PyRun.EvalToString("1 + 1"));
                }

                Console.WriteLine("engine-initialized=" + PythonEngine.IsInitialized);
                return 0;
            case "runtime-after-refusal":
                Outcomes.Report("runtime-shutdown", () => PythonRuntime.Shutdown());
                return PythonNetChild.Finish();
            case "pythonnet-then-runtime":
                if (mode == PythonNetBridgeMode.PythonNet)
                {
                    PythonEngine.Shutdown();
                }

                Console.WriteLine("shutdown=" + PythonRuntime.Shutdown());
                Console.WriteLine("state-after-shutdown=" + PythonRuntime.State);
                return 0;
            case "none":
                Console.WriteLine("returning=without-shutdown");
                return 0;
            default:
                Console.Error.WriteLine("how: bridge, runtime-alone, runtime-after-refusal, pythonnet-then-runtime or none");
                return 64;
        }
    }
}
