using PyMemory.PythonNet;
using Python.Runtime;

namespace PyMemory.ChildHost;

/// <summary>
/// Starts PyMemory and pythonnet in the order the argument names, uses both, and shuts down in the matching order:
/// <c>bridge</c> (PythonNetBridge.Initialize alone), <c>pymemory-first</c> (PythonRuntime.Initialize with the debug
/// hooks, then the bridge), <c>pythonnet-first</c> (PythonEngine.Initialize and BeginAllowThreads by the caller, then
/// the bridge attaches; the caller shuts pythonnet down, then PyMemory). Exit code 0 means neither a crash nor a hang.
/// </summary>
internal sealed class PythonNetStartScenario : IChildScenario
{
    public string Name => "pythonnet-start";

    public int Run(string[] args)
    {
        Watchdog.Start(TimeSpan.FromSeconds(60));
        nint callerToken = 0;
        PythonNetBridgeMode mode;
        switch (args[0])
        {
            case "bridge":
                mode = PythonNetBridge.Initialize(PythonNetChild.Options());
                break;
            case "pymemory-first":
                PythonRuntimeOptions options = PythonNetChild.Options();
                options.EnableDebugHooks = true;
                PythonRuntime.Initialize(options);
                mode = PythonNetBridge.Initialize(options); // the same object: its start-up options are not asked again
                break;
            case "pythonnet-first":
                Runtime.PythonDLL = TestLibrary.RequiredPath;
                PythonEngine.Initialize();
                callerToken = PythonEngine.BeginAllowThreads();
                mode = PythonNetBridge.Initialize(PythonNetChild.Options());
                break;
            default:
                Console.Error.WriteLine("order: bridge, pymemory-first or pythonnet-first");
                return 64;
        }

        PythonNetChild.Report(mode);
        Console.WriteLine("second-initialize=" + PythonNetBridge.Initialize());
        using (GilScope.Enter())
        {
            PyRun.Exec("bridge_value = 6 * 7");
            Console.WriteLine("pymemory-eval=" + PyRun.EvalToString("bridge_value"));
        }

        if (PythonNetBridge.IsPythonNetActive)
        {
            using (Py.GIL())
            {
                using PyObject main = Py.Import("__main__");
                using PyObject value = main.GetAttr("bridge_value");
                Console.WriteLine("pythonnet-eval=" + value);
            }

            using (PythonNetBridge.Gil())
            {
                using PyObject sum = PythonEngine.Eval("sum(range(10))");
                Console.WriteLine("pythonnet-gil-eval=" + sum);
            }
        }

        if (args[0] == "pythonnet-first")
        {
            // The caller started pythonnet, so the caller shuts it down first; the bridge changes nothing.
            Console.WriteLine("bridge-shutdown=" + PythonNetBridge.Shutdown());
            PythonEngine.EndAllowThreads(callerToken);
            PythonEngine.Shutdown();
            Console.WriteLine("shutdown=" + PythonRuntime.Shutdown());
            Console.WriteLine("state-after-shutdown=" + PythonRuntime.State);
            return 0;
        }

        return PythonNetChild.Finish();
    }
}
