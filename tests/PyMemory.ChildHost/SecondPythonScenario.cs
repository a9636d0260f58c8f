using PyMemory.Interop;
using PyMemory.Interop.Loading;

namespace PyMemory.ChildHost;

/// <summary>
/// Another host runs an interpreter from the library under test; PyMemory is then pointed at a different libpython
/// (the first argument). It must refuse with an exception rather than start a second interpreter in the process.
/// </summary>
internal sealed unsafe class SecondPythonScenario : IChildScenario
{
    public string Name => "second-python";

    public int Run(string[] args)
    {
        var host = new PythonApi(PythonLibrary.Open(TestLibrary.RequiredPath));
        host.Py_InitializeEx(0);
        _ = host.PyEval_SaveThread();
        try
        {
            PythonRuntime.Initialize(new PythonRuntimeOptions { LibraryPath = args[0] });
            Console.WriteLine("state=" + PythonRuntime.State);
        }
        catch (InvalidOperationException e)
        {
            Console.WriteLine("exception=" + e.GetType().Name);
            Console.WriteLine("message=" + e.Message);
        }

        Console.WriteLine("state-after=" + PythonRuntime.State);
        Console.WriteLine("host-initialized=" + host.Py_IsInitialized());
        return 0;
    }
}
