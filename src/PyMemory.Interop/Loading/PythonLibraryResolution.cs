namespace PyMemory.Interop.Loading;

/// <summary>The library PyMemory chose, which rule chose it, and every candidate considered on the way.</summary>
public sealed class PythonLibraryResolution
{
    internal PythonLibraryResolution(
        PythonLibrary library,
        PythonDiscoveryRule rule,
        string reason,
        IReadOnlyList<PythonLibraryCandidate> candidates,
        string? executable = null,
        string? virtualEnvironment = null)
    {
        Library = library;
        Rule = rule;
        Reason = reason;
        Candidates = candidates;
        Executable = executable;
        VirtualEnvironment = virtualEnvironment;
    }

    /// <summary>The opened library.</summary>
    public PythonLibrary Library { get; }

    /// <summary>The discovery rule that found it.</summary>
    public PythonDiscoveryRule Rule { get; }

    /// <summary>Why this library was chosen, in words (for logs).</summary>
    public string Reason { get; }

    /// <summary>Every candidate considered, in order, including the chosen one (outcome "loaded").</summary>
    public IReadOnlyList<PythonLibraryCandidate> Candidates { get; }

    /// <summary>The python executable of the loaded version that the interpreter takes as its own when PyMemory starts
    /// it (its program name, so <c>sys.executable</c>): the venv's interpreter when a venv was chosen, else the base
    /// install's <c>bin/pythonX.Y</c>; null when none was found beside the library (CPython's default then applies).
    /// <c>PythonRuntimeOptions.Executable</c> overrides it.</summary>
    public string? Executable { get; }

    /// <summary>The virtual environment that is active once PyMemory starts the interpreter (its folder, then
    /// <c>sys.prefix</c>), found through <c>PYTHONNET_VENV</c>, <c>VIRTUAL_ENV</c> or a <c>python3</c> on <c>PATH</c>
    /// that lives in a venv; null when none.</summary>
    public string? VirtualEnvironment { get; }

    /// <summary>One line for logs: version, path, rule and reason.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"Python {Library.Version} from '{Library.Path}' ({Rule}: {Reason})";
}
