using System.Text.Json;
using System.Text.Json.Serialization;

namespace PyMemory.Cli.Reports;

/// <summary>The JSON form of a <see cref="RunReport"/> (<c>--json</c>): camelCase names, enums as strings, every
/// field written (null ones too), so that the file always has the shape docs/pymem-report.schema.json describes.
/// Source generated: no reflection at run time.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RunReport))]
internal sealed partial class RunReportJson : JsonSerializerContext
{
    /// <summary>Writes <paramref name="report"/> as JSON to <paramref name="path"/>.</summary>
    /// <param name="path">The file; replaced when it exists.</param>
    /// <param name="report">The report.</param>
    /// <exception cref="IOException">The file could not be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be written.</exception>
    public static void Write(string path, RunReport report)
    {
        using FileStream file = File.Create(path);
        JsonSerializer.Serialize(file, report, Default.RunReport);
    }

    /// <summary>Reads a report written by <see cref="Write"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The report.</returns>
    /// <exception cref="JsonException">The text is not such a report.</exception>
    public static RunReport Read(string json) =>
        JsonSerializer.Deserialize(json, Default.RunReport) ?? throw new JsonException("The JSON is null, not a report.");
}
