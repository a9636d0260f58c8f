namespace PyMemory.Interop.Loading.Rules;

/// <summary>
/// One way of finding libpython, a link in <see cref="PythonLibraryLocator"/>'s chain. A rule only proposes paths;
/// the locator checks them, and decides what a rejection means from <see cref="IsDecisive"/>.
/// </summary>
internal abstract class DiscoveryRule
{
    /// <summary>Which rule this is, as recorded on every candidate it proposes.</summary>
    public abstract PythonDiscoveryRule Kind { get; }

    /// <summary>True for a rule that names one library (explicitly, in code or configuration): its first proposal
    /// ends the search, usable or not, so that a named Python is never quietly replaced by another one.</summary>
    public abstract bool IsDecisive { get; }

    /// <summary>The paths this rule proposes, best first; none when the rule does not apply.</summary>
    /// <returns>Each path with the reason, in words, that this rule proposes it.</returns>
    public abstract IEnumerable<ProposedLibrary> Propose();
}
