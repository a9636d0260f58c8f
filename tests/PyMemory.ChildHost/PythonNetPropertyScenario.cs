namespace PyMemory.ChildHost;

/// <summary>
/// Sets <c>Python.Runtime.Runtime.PythonDLL</c> (the real pythonnet 3.2.1) to the first argument, as a host that uses
/// pythonnet would, then initializes PyMemory with default options: discovery must read the property by reflection.
/// </summary>
internal sealed class PythonNetPropertyScenario : IChildScenario
{
    public string Name => "pythonnet-property";

    public int Run(string[] args)
    {
        Python.Runtime.Runtime.PythonDLL = args[0];
        return RuntimeReport.Initialize(new PythonRuntimeOptions { LoggerFactory = LineLoggerProvider.CreateFactory() });
    }
}
