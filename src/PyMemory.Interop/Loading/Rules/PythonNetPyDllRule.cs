namespace PyMemory.Interop.Loading.Rules;

/// <summary>Rule 2: the <c>PYTHONNET_PYDLL</c> environment variable, pythonnet's convention. Decisive.</summary>
internal sealed class PythonNetPyDllRule(Func<string, string?> environment) : DiscoveryRule
{
    public override PythonDiscoveryRule Kind => PythonDiscoveryRule.PythonNetEnvironmentVariable;

    public override bool IsDecisive => true;

    public override IEnumerable<ProposedLibrary> Propose()
    {
        string? variable = environment(PythonLibraryLocator.PythonNetLibraryVariable);
        if (!string.IsNullOrWhiteSpace(variable))
        {
            yield return new ProposedLibrary(variable, $"{PythonLibraryLocator.PythonNetLibraryVariable} is set");
        }
    }
}
