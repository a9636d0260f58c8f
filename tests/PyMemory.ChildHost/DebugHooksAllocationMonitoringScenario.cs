using PyMemory.Sample.Examples;

namespace PyMemory.ChildHost;

/// <summary>
/// The allocation-monitoring usage example under CPython's memory debug hooks, installed before start by
/// <see cref="PythonRuntimeOptions.EnableDebugHooks"/>. First proves the hooks are active (a fresh PyMem block is
/// filled with 0xCD), then runs the example; any corruption the hooks detect aborts the process.
/// Prints "hooks-fill=True" and "blocks before=B filled=F released=R".
/// </summary>
internal sealed class DebugHooksAllocationMonitoringScenario : IChildScenario
{
    public string Name => "objects-example-allocation-monitoring-debug";

    public int Run(string[] args)
    {
        PythonRuntime.Initialize(new PythonRuntimeOptions { LibraryPath = TestLibrary.Path, EnableDebugHooks = true });
        using (GilScope.Enter())
        {
            PyRun.Exec(
                "import ctypes\n" +
                "_m = ctypes.pythonapi.PyMem_Malloc\n_m.restype = ctypes.c_void_p\n_m.argtypes = [ctypes.c_size_t]\n" +
                "_f = ctypes.pythonapi.PyMem_Free\n_f.argtypes = [ctypes.c_void_p]\n" +
                "_p = _m(16)\n_fill = ctypes.string_at(_p, 16)\n_f(_p)\n");
            Console.WriteLine("hooks-fill=" + PyRun.EvalToString("_fill == b'\\xcd' * 16"));
        }

        (long before, long afterFill, long afterRelease) = AllocationMonitoringExample.Run(Console.Out);
        Console.WriteLine($"blocks before={before} filled={afterFill} released={afterRelease}");
        return PythonRuntime.Shutdown() ? 0 : 3;
    }
}
