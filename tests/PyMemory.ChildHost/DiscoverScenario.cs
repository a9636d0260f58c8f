namespace PyMemory.ChildHost;

/// <summary>Initializes with default options, so the discovery rules choose from the process environment alone.</summary>
internal sealed class DiscoverScenario : IChildScenario
{
    public string Name => "discover";

    public int Run(string[] args) => RuntimeReport.Initialize(new PythonRuntimeOptions { LoggerFactory = LineLoggerProvider.CreateFactory() });
}
