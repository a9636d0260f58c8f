namespace PyMemory.Interop.Loading.Rules;

/// <summary>
/// Rule 5: the active virtual environment, <c>PYTHONNET_VENV</c> then <c>VIRTUAL_ENV</c>. Its interpreter is asked
/// first; without one, <c>pyvenv.cfg</c>'s <c>home</c> and <c>version</c> lead to the base install's library. Probed.
/// Every proposal carries the venv's interpreter, so that the venv is then active as if activated.
/// </summary>
internal sealed class VirtualEnvRule(Func<string, string?> environment, InterpreterQuery query) : DiscoveryRule
{
    /// <summary>The variables naming a venv, most specific first: pythonnet 3.1+ reads PYTHONNET_VENV as well as
    /// VIRTUAL_ENV, and its own variable is the more specific choice.</summary>
    public static readonly string[] Variables = [PythonLibraryLocator.PythonNetVirtualEnvironmentVariable, "VIRTUAL_ENV"];

    public override PythonDiscoveryRule Kind => PythonDiscoveryRule.VirtualEnvironment;

    public override bool IsDecisive => false;

    public override IEnumerable<ProposedLibrary> Propose()
    {
        foreach (string variable in Variables)
        {
            string? venv = environment(variable);
            if (string.IsNullOrWhiteSpace(venv))
            {
                continue;
            }

            foreach ((string path, string? interpreter) in Candidates(venv))
            {
                yield return new ProposedLibrary(path, $"{variable} is '{venv}'", interpreter);
            }
        }
    }

    private IEnumerable<(string Path, string? Interpreter)> Candidates(string venv)
    {
        string python = OperatingSystem.IsWindows() ? Path.Combine(venv, "Scripts", "python.exe") : Path.Combine(venv, "bin", "python");
        InterpreterAnswer answer = query.Ask(python);
        foreach (string path in answer.Libraries)
        {
            yield return (path, answer.Executable ?? python);
        }

        // pyvenv.cfg's `home` is the base interpreter's bin folder; its libraries sit beside it.
        if (VirtualEnvironment.TryRead(venv) is not { Version: { } version } config)
        {
            yield break;
        }

        string? interpreter = config.InterpreterFor(version);
        string home = config.Home;
        string prefix = Path.GetDirectoryName(home.TrimEnd('/', '\\')) ?? home;
        foreach (string name in LibraryFileNames.For(version.Major, version.Minor))
        {
            yield return (OperatingSystem.IsWindows() ? Path.Combine(home, name) : Path.Combine(prefix, "lib", name), interpreter);
        }

        if (OperatingSystem.IsLinux() && LibraryFileNames.MultiarchTriplet is { } triplet)
        {
            foreach (string name in LibraryFileNames.For(version.Major, version.Minor))
            {
                yield return (Path.Combine(prefix, "lib", triplet, name), interpreter);
            }
        }
    }
}
