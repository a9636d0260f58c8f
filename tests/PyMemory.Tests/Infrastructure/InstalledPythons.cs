using System.Text.RegularExpressions;

namespace PyMemory.Tests.Infrastructure;

/// <summary>
/// Other Pythons some tests need besides the one under test: unsupported versions installed with pyenv, and the
/// system's libpython in the dynamic linker's default folders. Found the same way on any machine, or not at all.
/// </summary>
internal static partial class InstalledPythons
{
    /// <summary>pyenv's root: <c>PYENV_ROOT</c>, else <c>~/.pyenv</c>.</summary>
    public static string PyenvRoot => Environment.GetEnvironmentVariable("PYENV_ROOT") is { Length: > 0 } root
        ? root
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pyenv");

    /// <summary>The newest pyenv install of <paramref name="minor"/> (such as "3.7") that has
    /// <paramref name="fileName"/> in its lib folder, with its full version from the folder name; null when none.</summary>
    public static (string Library, string Version)? Pyenv(string minor, string fileName)
    {
        string versions = Path.Combine(PyenvRoot, "versions");
        if (!Directory.Exists(versions))
        {
            return null;
        }

        return Directory.EnumerateDirectories(versions, minor + ".*")
            .Select(dir => (Library: Path.Combine(dir, "lib", fileName), Version: Path.GetFileName(dir)))
            .Where(found => FullVersion().IsMatch(found.Version) && File.Exists(found.Library))
            .OrderByDescending(found => Version.Parse(found.Version))
            .Select(found => ((string, string)?)found)
            .FirstOrDefault();
    }

    /// <summary>The newest supported libpython (<c>libpython3.X.so.1.0</c>) in the linker's default folders, as the
    /// bare file name the linker resolves, with its minor version ("3.11"); null when the system has none.</summary>
    public static (string Name, string Minor)? SystemLibrary()
    {
        string[] folders = ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib"];
        return Enumerable.Range(8, 6).Reverse()
            .Select(minor => $"libpython3.{minor}.so.1.0")
            .Where(name => folders.Any(folder => File.Exists(Path.Combine(folder, name))))
            .Select(name => ((string, string)?)(name, name["libpython".Length..^".so.1.0".Length]))
            .FirstOrDefault();
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex FullVersion();
}
