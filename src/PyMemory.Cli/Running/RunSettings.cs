namespace PyMemory.Cli.Running;

/// <summary>What <c>pymem run</c> was asked to do, parsed and checked.</summary>
/// <param name="Script">The script's path, as given.</param>
/// <param name="Arguments">The script's arguments (<c>sys.argv[1:]</c>).</param>
/// <param name="PythonLibrary">The libpython to load (<c>--python</c>), or null for discovery.</param>
/// <param name="Budget">The limits (<c>--budget</c>, <c>--budget-domain</c>), or null.</param>
/// <param name="SampleIntervalBytes">The sampling interval (<c>--sample-interval</c>); 0 turns sampling off.</param>
/// <param name="FailNth">The allocation to fail (<c>--fail-nth</c>, 1 = the first the script makes), or null.</param>
/// <param name="JsonPath">Where to write the JSON report, or null.</param>
/// <param name="HtmlPath">Where to write the HTML report, or null.</param>
/// <param name="Live">When to show the live line.</param>
/// <param name="TopCount">How many sites the report lists.</param>
internal sealed record RunSettings(
    string Script,
    IReadOnlyList<string> Arguments,
    string? PythonLibrary,
    Tracking.MemoryLimits? Budget,
    long SampleIntervalBytes,
    long? FailNth,
    string? JsonPath,
    string? HtmlPath,
    LiveMode Live,
    int TopCount);
