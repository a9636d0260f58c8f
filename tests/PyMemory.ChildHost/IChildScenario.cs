namespace PyMemory.ChildHost;

/// <summary>
/// Something that must run in a process of its own: it aborts the process (debug-hook detections, fatal errors),
/// needs a fresh process (discovery, initialization, shutdown), or changes process-wide state.
/// Each scenario is a class of its own; the host finds it by <see cref="Name"/>.
/// </summary>
public interface IChildScenario
{
    /// <summary>The name the tests pass on the command line.</summary>
    string Name { get; }

    /// <summary>Runs the scenario; the return value is the process exit code.</summary>
    int Run(string[] args);
}
