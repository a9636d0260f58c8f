namespace PyMemory.Interop.Loading.Rules;

/// <summary>
/// Rule 5: the active virtual environment, <c>PYTHONNET_VENV</c> then <c>VIRTUAL_ENV</c>. Its interpreter is asked
/// first; without one, <c>pyvenv.cfg</c>'s <c>home</c> and <c>version</c> lead to the base install's library. Probed.
/// </summary>
internal sealed class VirtualEnvRule(Func<string, string?> environment) : DiscoveryRule
{
    public override PythonDiscoveryRule Kind => PythonDiscoveryRule.VirtualEnvironment;

    public override bool IsDecisive => false;

    public override IEnumerable<ProposedLibrary> Propose()
    {
        // pythonnet 3.1+ reads PYTHONNET_VENV as well as VIRTUAL_ENV; its own variable is the more specific choice.
        foreach (string variable in new[] { PythonLibraryLocator.PythonNetVirtualEnvironmentVariable, "VIRTUAL_ENV" })
        {
            string? venv = environment(variable);
            if (string.IsNullOrWhiteSpace(venv))
            {
                continue;
            }

            foreach (string path in Candidates(venv))
            {
                yield return new ProposedLibrary(path, $"{variable} is '{venv}'");
            }
        }
    }

    private static IEnumerable<string> Candidates(string venv)
    {
        string python = OperatingSystem.IsWindows() ? Path.Combine(venv, "Scripts", "python.exe") : Path.Combine(venv, "bin", "python");
        foreach (string path in InterpreterQuery.LibrariesOf(python))
        {
            yield return path;
        }

        // pyvenv.cfg's `home` is the base interpreter's bin folder; its libraries sit beside it.
        string config = Path.Combine(venv, "pyvenv.cfg");
        if (!File.Exists(config))
        {
            yield break;
        }

        Dictionary<string, string> values = File.ReadAllLines(config)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .GroupBy(parts => parts[0].Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First()[1].Trim(), StringComparer.OrdinalIgnoreCase);
        if (!values.TryGetValue("home", out string? home) || !PythonVersion.TryParse(
                values.GetValueOrDefault("version") ?? values.GetValueOrDefault("version_info"), out PythonVersion version))
        {
            yield break;
        }

        string prefix = Path.GetDirectoryName(home.TrimEnd('/', '\\')) ?? home;
        foreach (string name in LibraryFileNames.For(version.Major, version.Minor))
        {
            yield return OperatingSystem.IsWindows() ? Path.Combine(home, name) : Path.Combine(prefix, "lib", name);
        }

        if (OperatingSystem.IsLinux() && LibraryFileNames.MultiarchTriplet is { } triplet)
        {
            foreach (string name in LibraryFileNames.For(version.Major, version.Minor))
            {
                yield return Path.Combine(prefix, "lib", triplet, name);
            }
        }
    }
}
