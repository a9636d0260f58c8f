using PyMemory.Interop;
using PyMemory.Interop.Loading;

namespace PyMemory.ChildHost;

/// <summary>
/// Plays "another host" (pythonnet, a native application): loads the library under test through the raw layer and
/// starts the interpreter itself, keeping the GIL on this thread as Py_InitializeEx leaves it. Then PyMemory
/// initializes and must attach: found by the already-loaded rule (argument "discover") or by the explicit path
/// (argument "explicit"), never finalizing the interpreter it did not start.
/// </summary>
internal sealed unsafe class AttachToRunningInterpreterScenario : IChildScenario
{
    public string Name => "attach-running";

    public int Run(string[] args)
    {
        string path = TestLibrary.RequiredPath;
        var host = new PythonApi(PythonLibrary.Open(path));
        host.Py_InitializeEx(0);
        Console.WriteLine("host-initialized=" + host.Py_IsInitialized());

        PythonRuntime.Initialize(args[0] == "explicit" ? new PythonRuntimeOptions { LibraryPath = path } : null);
        Console.WriteLine("rule=" + PythonRuntime.Library.Rule);
        Console.WriteLine("path=" + PythonRuntime.Library.Library.Path);
        Console.WriteLine("state=" + PythonRuntime.State);

        // The host still holds the GIL on this thread: a scope borrows it and gives nothing back.
        using (GilScope.Enter())
        {
            PyRun.Exec("attached_value = 40 + 2");
        }

        Console.WriteLine("host-still-holds-gil=" + host.PyGILState_Check());

        // The host releases the GIL; another thread can now take it through a scope.
        nint hostThread = host.PyEval_SaveThread();
        string? fromOtherThread = null;
        var worker = new Thread(() =>
        {
            using GilScope gil = GilScope.Enter();
            fromOtherThread = PyRun.EvalToString("attached_value");
        });
        worker.Start();
        worker.Join();
        Console.WriteLine("other-thread=" + fromOtherThread);
        host.PyEval_RestoreThread(hostThread);

        Console.WriteLine("shutdown=" + PythonRuntime.Shutdown());
        Console.WriteLine("state-after-shutdown=" + PythonRuntime.State);
        Console.WriteLine("py-initialized-after-shutdown=" + host.Py_IsInitialized());
        using (GilScope.Enter())
        {
            Console.WriteLine("still-usable=" + PyRun.EvalToString("attached_value"));
        }

        return 0;
    }
}
