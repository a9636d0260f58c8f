namespace PyMemory.Interop.Loading.Rules;

/// <summary>Rule 1: the library path given in code (<c>PythonRuntimeOptions.LibraryPath</c>). Decisive.</summary>
internal sealed class ExplicitPathRule(string? path) : DiscoveryRule
{
    public override PythonDiscoveryRule Kind => PythonDiscoveryRule.ExplicitPath;

    public override bool IsDecisive => true;

    public override IEnumerable<ProposedLibrary> Propose()
    {
        if (!string.IsNullOrWhiteSpace(path))
        {
            yield return new ProposedLibrary(path, "the library path was given in code");
        }
    }
}
