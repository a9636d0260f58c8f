namespace PyMemory.Tests.Infrastructure;

/// <summary>The one rule for tests that need a tool the machine may lack (dotnet-counters, Chromium, a venv): skipped
/// with an install hint on a developer's machine, but never under CI (<c>CI=true</c>, as .ci/run sets it), where
/// .ci/run installs the tools and a missing one must fail the test.</summary>
internal static class ContinuousIntegration
{
    /// <summary>True when the environment variable CI is <c>true</c>.</summary>
    public static bool IsRunning => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.Ordinal);
}
