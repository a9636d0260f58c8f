namespace PyMemory.Interop.Loading;

/// <summary>One library PyMemory considered while looking for Python, and what came of it.</summary>
/// <param name="Path">The path or library name that was tried.</param>
/// <param name="Rule">The discovery rule that proposed it.</param>
/// <param name="Outcome">"loaded", or why it was rejected.</param>
public sealed record PythonLibraryCandidate(string Path, PythonDiscoveryRule Rule, string Outcome)
{
    /// <summary>The candidate as one line: rule, path, outcome.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"[{Rule}] {Path}: {Outcome}";
}
