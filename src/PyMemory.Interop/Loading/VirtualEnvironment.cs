namespace PyMemory.Interop.Loading;

/// <summary>
/// A virtual environment as CPython recognises one: a folder with a <c>pyvenv.cfg</c> whose <c>home</c> names the
/// base install's bin folder. CPython finds it from its program name (<c>pyvenv.cfg</c> beside the executable or one
/// folder up); PyMemory reads it to choose that program name, and to reject a venv of another version.
/// </summary>
internal sealed class VirtualEnvironment
{
    /// <summary>The file that makes a folder a venv.</summary>
    public const string ConfigFileName = "pyvenv.cfg";

    private VirtualEnvironment(string directory, string home, PythonVersion? version)
    {
        Directory = directory;
        Home = home;
        Version = version;
    }

    /// <summary>The venv's folder (sys.prefix once it is active).</summary>
    public string Directory { get; }

    /// <summary><c>home</c> from <c>pyvenv.cfg</c>: the base interpreter's bin folder.</summary>
    public string Home { get; }

    /// <summary><c>version</c> (or <c>version_info</c>) from <c>pyvenv.cfg</c>, when it is readable.</summary>
    public PythonVersion? Version { get; }

    /// <summary>The folder holding the venv's interpreters.</summary>
    public string BinDirectory => Path.Combine(Directory, OperatingSystem.IsWindows() ? "Scripts" : "bin");

    /// <summary>Reads the venv at <paramref name="directory"/>; null when it has no readable <c>pyvenv.cfg</c> with a
    /// <c>home</c>.</summary>
    public static VirtualEnvironment? TryRead(string directory)
    {
        string config = Path.Combine(directory, ConfigFileName);
        Dictionary<string, string> values;
        try
        {
            if (!File.Exists(config))
            {
                return null;
            }

            values = File.ReadAllLines(config)
                .Select(line => line.Split('=', 2))
                .Where(parts => parts.Length == 2)
                .GroupBy(parts => parts[0].Trim(), StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First()[1].Trim(), StringComparer.OrdinalIgnoreCase);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        if (!values.TryGetValue("home", out string? home) || string.IsNullOrWhiteSpace(home))
        {
            return null;
        }

        PythonVersion? version = PythonVersion.TryParse(
            values.GetValueOrDefault("version") ?? values.GetValueOrDefault("version_info"), out PythonVersion parsed) ? parsed : null;
        return new VirtualEnvironment(Path.GetFullPath(directory), home, version);
    }

    /// <summary>The venv <paramref name="executable"/> belongs to, found as CPython finds it: <c>pyvenv.cfg</c> one
    /// folder above the executable's, then beside it. Null when it is not in a venv.</summary>
    public static VirtualEnvironment? Containing(string executable)
    {
        string? bin = Path.GetDirectoryName(Path.GetFullPath(executable));
        if (bin is null)
        {
            return null;
        }

        return (Path.GetDirectoryName(bin) is { } parent ? TryRead(parent) : null) ?? TryRead(bin);
    }

    /// <summary>True when the venv was made by Python <paramref name="version"/>'s major.minor (a venv without a
    /// readable version is taken at its word).</summary>
    public bool IsFor(PythonVersion version) =>
        Version is not { } own || (own.Major == version.Major && own.Minor == version.Minor);

    /// <summary>False when the venv's base (<c>home</c>'s <c>pythonX.Y</c>) and <paramref name="baseExecutable"/> are both
    /// known and are different files: a venv of another install of the same version (pyenv's 3.11.7 and Debian's
    /// 3.11.2), whose standard library and extension modules do not go with the loaded library.</summary>
    public bool SharesBaseWith(string? baseExecutable, PythonVersion version)
    {
        string? own = PythonExecutables.NamesFor(version).Select(name => Path.Combine(Home, name)).FirstOrDefault(File.Exists);
        return own is null || baseExecutable is null || PythonLibraryLocator.SameFile(own, baseExecutable);
    }

    /// <summary>The venv's interpreter for <paramref name="version"/>: <c>bin/pythonX.Y</c>, then <c>bin/python3</c>,
    /// then <c>bin/python</c> (3.8's venvs have no versioned name); null when none exists.</summary>
    public string? InterpreterFor(PythonVersion version) => PythonExecutables.InFolder(BinDirectory, version);
}
