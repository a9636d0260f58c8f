namespace PyMemory.Interop.Loading;

/// <summary>The library PyMemory chose, which rule chose it, and every candidate considered on the way.</summary>
public sealed class PythonLibraryResolution
{
    internal PythonLibraryResolution(PythonLibrary library, PythonDiscoveryRule rule, string reason, IReadOnlyList<PythonLibraryCandidate> candidates)
    {
        Library = library;
        Rule = rule;
        Reason = reason;
        Candidates = candidates;
    }

    /// <summary>The opened library.</summary>
    public PythonLibrary Library { get; }

    /// <summary>The discovery rule that found it.</summary>
    public PythonDiscoveryRule Rule { get; }

    /// <summary>Why this library was chosen, in words (for logs).</summary>
    public string Reason { get; }

    /// <summary>Every candidate considered, in order, including the chosen one (outcome "loaded").</summary>
    public IReadOnlyList<PythonLibraryCandidate> Candidates { get; }

    /// <summary>One line for logs: version, path, rule and reason.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"Python {Library.Version} from '{Library.Path}' ({Rule}: {Reason})";
}
