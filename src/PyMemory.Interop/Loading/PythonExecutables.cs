using System.Globalization;

namespace PyMemory.Interop.Loading;

/// <summary>Where the python executable belonging to a library or a folder is, so that the interpreter can be given
/// its own executable as program name instead of whatever <c>python3</c> is first on <c>PATH</c>.</summary>
internal static class PythonExecutables
{
    /// <summary>The executable names for <paramref name="version"/>, most specific first.</summary>
    public static IEnumerable<string> NamesFor(PythonVersion version)
    {
        if (OperatingSystem.IsWindows())
        {
            yield return "python.exe";
            yield break;
        }

        yield return string.Create(CultureInfo.InvariantCulture, $"python{version.Major}.{version.Minor}");
        yield return string.Create(CultureInfo.InvariantCulture, $"python{version.Major}");
        yield return "python";
    }

    /// <summary>The first of <see cref="NamesFor"/> that exists in <paramref name="folder"/>, or null.</summary>
    public static string? InFolder(string folder, PythonVersion version) =>
        NamesFor(version).Select(name => Path.Combine(folder, name)).FirstOrDefault(File.Exists);

    /// <summary><paramref name="interpreter"/>'s versioned sibling (<c>python3.12</c> beside <c>python3</c>) when there
    /// is one, else <paramref name="interpreter"/> itself: the name <c>sys.executable</c> has in an activated venv.</summary>
    public static string PreferVersioned(string interpreter, PythonVersion version)
    {
        string full = Path.GetFullPath(interpreter);
        return Path.GetDirectoryName(full) is { } folder && InFolder(folder, version) is { } found ? found : full;
    }

    /// <summary>The base install's executable of the library at <paramref name="libraryPath"/>: <c>bin/pythonX.Y</c>
    /// beside the library's <c>lib</c> folder (also from Debian's multiarch <c>lib/x86_64-linux-gnu</c>, and from a
    /// symbolic link's target); on Windows <c>python.exe</c> beside the DLL. Only the versioned name counts on Unix:
    /// <c>/usr/bin/python3</c> may well be another version than <c>/usr/lib/libpython3.9.so</c>. Null when none exists
    /// (a bare library name, an unusual layout).</summary>
    public static string? ForLibrary(string libraryPath, PythonVersion version)
    {
        if (!Path.IsPathRooted(libraryPath))
        {
            return null;
        }

        string name = NamesFor(version).First();
        foreach (string library in new[] { libraryPath, RealPath(libraryPath) }.Distinct(StringComparer.Ordinal))
        {
            if (Path.GetDirectoryName(library) is not { } libDir)
            {
                continue;
            }

            if (OperatingSystem.IsWindows())
            {
                return InFolder(libDir, version);
            }

            // <prefix>/lib/libpython3.X.so, or <prefix>/lib/<triplet>/libpython3.X.so (Debian, Ubuntu).
            string? prefix = Path.GetDirectoryName(libDir);
            foreach (string? candidate in new[] { prefix, prefix is null ? null : Path.GetDirectoryName(prefix) })
            {
                if (candidate != null && Path.Combine(candidate, "bin", name) is { } executable && File.Exists(executable))
                {
                    return executable;
                }
            }
        }

        return null;
    }

    private static string RealPath(string path)
    {
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return path;
        }
    }
}
