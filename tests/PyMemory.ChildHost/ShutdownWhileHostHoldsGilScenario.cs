using PyMemory.Interop;

namespace PyMemory.ChildHost;

/// <summary>
/// PyMemory started the interpreter, then another host's raw PyGILState_Ensure holds the GIL on this thread when
/// <see cref="PythonRuntime.Shutdown"/> runs: Shutdown must finalize without trying to take the GIL a second time
/// (which would deadlock). The test bounds the run with the child-process timeout.
/// </summary>
internal sealed unsafe class ShutdownWhileHostHoldsGilScenario : IChildScenario
{
    public string Name => "shutdown-while-host-holds-gil";

    public int Run(string[] args)
    {
        TestLibrary.Initialize();
        var host = new PythonApi(PythonRuntime.Library.Library);
        _ = host.PyGILState_Ensure();
        Console.WriteLine("host-holds-gil=" + host.PyGILState_Check());
        Console.WriteLine("shutdown=" + PythonRuntime.Shutdown());
        Console.WriteLine("py-initialized=" + host.Py_IsInitialized());
        return 0;
    }
}
