using System.Text.Json;
using Json.Schema;
using PyMemory.Cli.Reports;

namespace PyMemory.Tests.Cli;

/// <summary>Runs the built <c>pymem</c> tool (pymem.dll in the test output folder) as a child process on the test
/// scripts of Cli/Scripts, with the Python under test (<c>--python</c> when PYMEMORY_TEST_LIBPYTHON is set, discovery
/// otherwise), and reads its JSON report.</summary>
internal static class Pymem
{
    /// <summary>A run never takes this long: past it the tool is killed and the test fails (never a hang).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Cli", "pymem-report.schema.json"))));

    /// <summary>The folder of the test scripts.</summary>
    public static string ScriptFolder => Path.Combine(AppContext.BaseDirectory, "Cli", "Scripts");

    /// <summary>A test script's full path.</summary>
    public static string Script(string name) => Path.Combine(ScriptFolder, name);

    /// <summary>The <c>--python</c> option for the library under test, or nothing (discovery) when the variable is unset.</summary>
    public static string[] PythonOption => TestPython.LibraryPath is { } path ? ["--python", path] : [];

    /// <summary><c>pymem ARGS</c>, exactly as given.</summary>
    public static ChildProcess.Result Run(IReadOnlyDictionary<string, string?>? environment, params string[] args) =>
        ChildProcess.RunProgram("pymem.dll", [], Timeout, environment, args);

    /// <summary><c>pymem run [--python LIB] OPTIONS SCRIPT ARGS</c>.</summary>
    public static ChildProcess.Result RunScript(string script, IReadOnlyList<string> options, params string[] scriptArgs) =>
        Run(null, ["run", .. PythonOption, .. options, Script(script), .. scriptArgs]);

    /// <summary>A fresh path for a JSON report.</summary>
    public static string NewJsonPath() => Path.Combine(Path.GetTempPath(), $"pymem-test-{Guid.NewGuid():N}.json");

    /// <summary>Reads a report after checking it against docs/pymem-report.schema.json (the file is deleted).</summary>
    public static RunReport ReadValidated(string path)
    {
        File.Exists(path).ShouldBeTrue($"pymem wrote no JSON report to {path}");
        string json = File.ReadAllText(path);
        File.Delete(path);
        using JsonDocument document = JsonDocument.Parse(json);
        EvaluationResults results = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        results.IsValid.ShouldBeTrue("the report does not match its schema:\n" + Describe(results) + "\n" + json);
        return RunReportJson.Read(json);
    }

    /// <summary>True when the text shows a .NET stack trace (the frames' "   at " lines).</summary>
    public static bool HasStackTrace(string text) => text.Split('\n').Any(line => line.StartsWith("   at ", StringComparison.Ordinal));

    private static string Describe(EvaluationResults results) =>
        string.Join("\n", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")));
}
