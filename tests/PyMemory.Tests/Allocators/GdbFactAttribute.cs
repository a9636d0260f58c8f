namespace PyMemory.Tests.Allocators;

/// <summary>A test that runs child processes under gdb (to see where a native crash happened); reported as skipped,
/// naming what to install, on a machine without gdb.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class GdbFactAttribute : FactAttribute
{
    /// <summary>The gdb found on PATH, or null.</summary>
    public static string? Gdb { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(folder => Path.Combine(folder, "gdb"))
        .FirstOrDefault(File.Exists);

    /// <summary>Skips the test when gdb is not on PATH.</summary>
    public GdbFactAttribute()
    {
        if (Gdb is null)
        {
            Skip = "needs gdb on PATH (Debian/Ubuntu: apt-get install gdb) to tell where a crash of the fault sweep happened";
        }
    }
}
