using PyMemory.Interop.Loading;

namespace PyMemory.Tests.Cli;

/// <summary><see cref="PythonLibraryLocator.Survey"/>, which <c>pymem doctor</c> shows: every proposal, checked, past
/// the point where discovery stops. Every library checked is the one this process runs, or a missing file.</summary>
[Collection(UsesPython.Name)]
public sealed class LocatorSurveyTests
{
    private const string Missing = "/nonexistent/pymemory/libpython3.12.so";

    [Fact]
    public void Lists_every_proposal_in_rule_order_past_a_decisive_one()
    {
        string good = TestPython.Ensure().Library.Path;
        var locator = new PythonLibraryLocator(
            name => name == "PYTHONNET_PYDLL" ? Missing : null,
            () => [],
            () => null,
            () => [good, Missing]);

        // Locate stops at the decisive PYTHONNET_PYDLL (missing): the well-known location is never reached...
        Should.Throw<PythonLibraryLoadException>(() => locator.Locate()).Candidates.Count.ShouldBe(1);

        // ...but the survey checks it, and lists each library once, with the rule that proposed it first.
        IReadOnlyList<PythonLibraryCandidate> survey = locator.Survey();
        survey.Select(c => (c.Rule, c.Path)).ShouldBe(
            [(PythonDiscoveryRule.PythonNetEnvironmentVariable, Missing), (PythonDiscoveryRule.WellKnownLocation, good)]);
        survey[0].Outcome.ShouldBe("file not found");
        survey[1].Outcome.ShouldBe($"usable (Python {PythonRuntime.Version})");
    }

    [Fact]
    public void Starts_with_the_explicit_path()
    {
        var locator = new PythonLibraryLocator(_ => null, () => [], () => null, () => []);
        IReadOnlyList<PythonLibraryCandidate> survey = locator.Survey("/nonexistent/folder/");
        survey.Count.ShouldBe(1);
        survey[0].Rule.ShouldBe(PythonDiscoveryRule.ExplicitPath);
        survey[0].Outcome.ShouldBe("file not found");
    }
}
