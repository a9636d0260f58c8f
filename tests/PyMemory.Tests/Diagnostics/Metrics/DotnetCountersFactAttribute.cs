namespace PyMemory.Tests.Diagnostics.Metrics;

/// <summary>A test that runs the real <c>dotnet-counters</c> tool (<see cref="Path"/>). Without the tool it is skipped
/// with the command that installs it, except under CI (<c>CI=true</c>), where .ci/run installs it: there it runs and
/// fails, so that a missing install step cannot pass as a skip.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DotnetCountersFactAttribute : FactAttribute
{
    /// <summary>Skips the test when the tool is missing (outside CI).</summary>
    public DotnetCountersFactAttribute()
    {
        if (Path is null && !ContinuousIntegration.IsRunning)
        {
            Skip = "needs dotnet-counters: dotnet tool install --global dotnet-counters (then ~/.dotnet/tools is searched)";
        }
    }

    /// <summary>The tool: on PATH, or in the global tools folder (~/.dotnet/tools); null when neither has it.</summary>
    public static string? Path
    {
        get
        {
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            IEnumerable<string> folders = (Environment.GetEnvironmentVariable("PATH") ?? "")
                .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Append(System.IO.Path.Combine(home, ".dotnet", "tools"));
            return folders.Select(f => System.IO.Path.Combine(f, "dotnet-counters")).FirstOrDefault(File.Exists);
        }
    }
}
