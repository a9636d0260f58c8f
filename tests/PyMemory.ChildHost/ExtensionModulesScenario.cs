namespace PyMemory.ChildHost;

/// <summary>Prints what the embedded interpreter reports about C extension modules (they need RTLD_GLOBAL).</summary>
internal sealed class ExtensionModulesScenario : IChildScenario
{
    public string Name => "extension-modules";

    public int Run(string[] args)
    {
        TestLibrary.Initialize();
        using GilScope gil = GilScope.Enter();
        PyRun.Exec("import _struct, _json, decimal, sqlite3, ctypes");
        Console.WriteLine(PyRun.EvalToString("str('_decimal' in __import__('sys').modules) + ' ' + type(_json.scanstring).__name__"));
        return 0;
    }
}
