namespace PyMemory.ChildHost;

/// <summary>Initializes from the path given as the first argument (rule 1, explicit path), in a fresh process, so
/// that the first touch of PyMemory's static state is this call (a failure here must not be a
/// TypeInitializationException).</summary>
internal sealed class InitializePathScenario : IChildScenario
{
    public string Name => "initialize-path";

    public int Run(string[] args) => RuntimeReport.Initialize(new PythonRuntimeOptions { LibraryPath = args[0], LoggerFactory = LineLoggerProvider.CreateFactory() });
}
