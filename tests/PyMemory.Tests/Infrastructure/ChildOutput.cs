namespace PyMemory.Tests.Infrastructure;

/// <summary>Reads the <c>key=value</c> lines that child scenarios print.</summary>
internal static class ChildOutput
{
    /// <summary>The value of the first line starting with <c>key=</c>, or null.</summary>
    public static string? Value(this ChildProcess.Result result, string key) =>
        result.StdOut.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .FirstOrDefault(line => line.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..];

    /// <summary>Every value of lines starting with <c>key=</c>.</summary>
    public static IReadOnlyList<string> Values(this ChildProcess.Result result, string key) =>
        result.StdOut.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.StartsWith(key + "=", StringComparison.Ordinal))
            .Select(line => line[(key.Length + 1)..])
            .ToList();
}
