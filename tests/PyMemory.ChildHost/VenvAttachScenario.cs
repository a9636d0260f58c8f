using PyMemory.Interop;
using PyMemory.Interop.Loading;

namespace PyMemory.ChildHost;

/// <summary>
/// Plays another host that started the interpreter, then asks PyMemory to attach with one start-up path option
/// (argument: <c>executable=PATH</c>, <c>home=PATH</c> or <c>extra=PATH</c>), which cannot take effect any more and
/// must throw; then attaches without it, which must work. Prints <c>refused=</c> with the exception's type and message.
/// </summary>
internal sealed unsafe class VenvAttachScenario : IChildScenario
{
    public string Name => "venv-attach";

    public int Run(string[] args)
    {
        string path = TestLibrary.RequiredPath;
        var host = new PythonApi(PythonLibrary.Open(path));
        host.Py_InitializeEx(0);
        _ = host.PyEval_SaveThread();

        (string key, string value) = args[0].Split('=', 2) is [var k, var v] ? (k, v) : throw new ArgumentException(args[0]);
        try
        {
            PythonRuntime.Initialize(new PythonRuntimeOptions
            {
                LibraryPath = path,
                Executable = key == "executable" ? value : null,
                PythonHome = key == "home" ? value : null,
                ExtraSysPath = key == "extra" ? [value] : null,
            });
            Console.WriteLine("refused=no");
            return 5;
        }
        catch (InvalidOperationException e)
        {
            Console.WriteLine($"refused={e.GetType().Name}: {e.Message}");
        }

        PythonRuntime.Initialize(new PythonRuntimeOptions { LibraryPath = path });
        Console.WriteLine("state=" + PythonRuntime.State);
        return 0;
    }
}
