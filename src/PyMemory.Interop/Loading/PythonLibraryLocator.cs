using System.Text;
using PyMemory.Interop.Loading.Rules;

namespace PyMemory.Interop.Loading;

/// <summary>
/// Finds and opens libpython. The rules are tried in the order of <see cref="PythonDiscoveryRule"/>; the first
/// library that is a usable CPython wins. A library named explicitly (in code, by <c>PYTHONNET_PYDLL</c> or by
/// pythonnet's <c>Runtime.PythonDLL</c>) is decisive: if it is unusable the search stops with an error instead
/// of quietly choosing another Python.
/// </summary>
public sealed class PythonLibraryLocator
{
    /// <summary>The environment variable pythonnet uses to name the library; PyMemory honours it too.</summary>
    public const string PythonNetLibraryVariable = "PYTHONNET_PYDLL";

    /// <summary>pythonnet's variable naming a virtual environment; read before <c>VIRTUAL_ENV</c>.</summary>
    public const string PythonNetVirtualEnvironmentVariable = "PYTHONNET_VENV";

    // Every rule after the explicit path (which each Locate call brings), in the order they are tried.
    private readonly DiscoveryRule[] _rules;
    private readonly Func<string, string?> _environment;

    /// <summary>A locator that reads the process environment.</summary>
    public PythonLibraryLocator()
        : this(Environment.GetEnvironmentVariable, LoadedLibraryRule.LoadedPythonLibraries, PythonNetRuntimeRule.ReadProperty)
    {
    }

    /// <summary>A locator with its inputs replaced, for tests. Without <paramref name="wellKnownLocations"/> the
    /// platform's list is used (filtered to files that exist).</summary>
    internal PythonLibraryLocator(
        Func<string, string?> environment,
        Func<IEnumerable<string>> loadedLibraries,
        Func<string?> pythonNetLibrary,
        Func<IEnumerable<string>>? wellKnownLocations = null)
    {
        _environment = environment;
        var query = new InterpreterQuery(DiscoveryCache.For(environment));
        _rules =
        [
            new PythonNetPyDllRule(environment),
            new PythonNetRuntimeRule(pythonNetLibrary),
            new LoadedLibraryRule(loadedLibraries),
            new VirtualEnvRule(environment, query),
            new PathInterpreterRule(environment, query),
            new WellKnownPathsRule(environment, wellKnownLocations),
        ];
    }

    /// <summary>Finds, checks and opens libpython.</summary>
    /// <param name="explicitPath">A library path given in code (rule 1), or null to search.</param>
    /// <returns>The opened library and how it was found.</returns>
    /// <exception cref="PythonLibraryLoadException">No candidate was usable; the message lists every candidate
    /// tried with the reason it was rejected, and what to set.</exception>
    public PythonLibraryResolution Locate(string? explicitPath = null)
    {
        var tried = new List<PythonLibraryCandidate>();
        foreach (DiscoveryRule rule in (DiscoveryRule[])[new ExplicitPathRule(explicitPath), .. _rules])
        {
            foreach (ProposedLibrary proposal in rule.Propose())
            {
                // A decisive rule names one library: use it or fail, never fall through to a different Python.
                if (rule.IsDecisive)
                {
                    return TryCandidate(proposal, rule.Kind, tried) ?? throw Failure(tried, decisive: true);
                }

                if (tried.Any(c => string.Equals(c.Path, proposal.Path, StringComparison.Ordinal)))
                {
                    continue;
                }

                if (TryCandidate(proposal, rule.Kind, tried) is { } found)
                {
                    return found;
                }
            }
        }

        throw Failure(tried, decisive: false);
    }

    /// <summary>
    /// Every library the discovery rules propose, in the order <see cref="Locate"/> would try them, each checked as
    /// <see cref="Locate"/> checks it but never opened for use (it is inspected privately and closed again): for
    /// tools that show what discovery sees (<c>pymem doctor</c>). Unlike <see cref="Locate"/>, it goes on past the first
    /// usable library and past a decisive rule's proposal.
    /// </summary>
    /// <param name="explicitPath">A library path given in code (rule 1), or null.</param>
    /// <returns>Each distinct library once, with the rule that proposed it first and an outcome: <c>usable
    /// (Python X.Y.Z)</c>, or why it would be rejected.</returns>
    public IReadOnlyList<PythonLibraryCandidate> Survey(string? explicitPath = null)
    {
        var found = new List<PythonLibraryCandidate>();
        foreach (DiscoveryRule rule in (DiscoveryRule[])[new ExplicitPathRule(explicitPath), .. _rules])
        {
            foreach ((string path, _, _) in rule.Propose())
            {
                if (found.Any(c => string.Equals(c.Path, path, StringComparison.Ordinal)))
                {
                    continue;
                }

                string outcome = PythonLibrary.TryCheck(path, out PythonVersion version, out string failure) ? $"usable (Python {version})" : failure;
                found.Add(new PythonLibraryCandidate(path, rule.Kind, outcome));
            }
        }

        return found;
    }

    /// <summary>Loaded libpython files whose interpreter is initialized (Linux; empty elsewhere).</summary>
    internal static IReadOnlyList<string> RunningInterpreterLibraries() =>
        LoadedLibraryRule.LoadedPythonLibraries().Where(LoadedLibraryRule.IsInitializedInterpreter).ToList();

    /// <summary>True when both paths name the same file once symbolic links are resolved.</summary>
    internal static bool SameFile(string a, string b)
    {
        return string.Equals(a, b, StringComparison.Ordinal)
            || string.Equals(RealPath(a), RealPath(b), StringComparison.Ordinal);

        static string RealPath(string path)
        {
            try
            {
                return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
            }
            catch (IOException)
            {
                return path;
            }
        }
    }

    private PythonLibraryResolution? TryCandidate(ProposedLibrary proposal, PythonDiscoveryRule rule, List<PythonLibraryCandidate> tried)
    {
        if (PythonLibrary.TryOpen(proposal.Path, out PythonLibrary? library, out string failure))
        {
            tried.Add(new PythonLibraryCandidate(proposal.Path, rule, "loaded"));
            (string? executable, VirtualEnvironment? venv) = ExecutableFor(library, proposal.Interpreter);
            return new PythonLibraryResolution(library, rule, proposal.Reason, tried, executable, venv?.Directory);
        }

        tried.Add(new PythonLibraryCandidate(proposal.Path, rule, failure));
        return null;
    }

    /// <summary>
    /// The executable the interpreter should take as its own, so that it behaves as the <c>python</c> of the loaded
    /// library would, started from an activated venv when there is one: the interpreter the library was found
    /// through (a venv's, or one on <c>PATH</c> that may live in a venv); else the venv named by
    /// <c>PYTHONNET_VENV</c> or <c>VIRTUAL_ENV</c> when it was made by the loaded version and install; else the base install's
    /// <c>bin/pythonX.Y</c>. Never left to CPython's default, which is whatever <c>python3</c> is first on <c>PATH</c>
    /// (another version or install, whose prefix then decides where the standard library comes from).
    /// </summary>
    private (string? Executable, VirtualEnvironment? Venv) ExecutableFor(PythonLibrary library, string? interpreter)
    {
        PythonVersion version = library.Version;
        if (interpreter != null && File.Exists(interpreter))
        {
            string executable = PythonExecutables.PreferVersioned(interpreter, version);
            VirtualEnvironment? venv = VirtualEnvironment.Containing(executable);
            return (executable, venv is { } v && v.IsFor(version) ? v : null);
        }

        string? baseExecutable = PythonExecutables.ForLibrary(MappedFile(library), version);
        foreach (string variable in VirtualEnvRule.Variables)
        {
            if (_environment(variable) is { Length: > 0 } named && VirtualEnvironment.TryRead(named) is { } venv
                && venv.IsFor(version) && venv.SharesBaseWith(baseExecutable, version) && venv.InterpreterFor(version) is { } executable)
            {
                return (executable, venv);
            }
        }

        return (baseExecutable, null);
    }

    /// <summary>The file a library was opened from: its path, or for a bare name (<c>libpython3.11.so.1.0</c>, found by
    /// the linker's search) the libpython of that version now mapped into the process.</summary>
    private static string MappedFile(PythonLibrary library)
    {
        if (Path.IsPathRooted(library.Path))
        {
            return library.Path;
        }

        string prefix = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"libpython{library.Version.Major}.{library.Version.Minor}");
        return LoadedLibraryRule.LoadedPythonLibraries()
            .FirstOrDefault(mapped => Path.GetFileName(mapped).StartsWith(prefix, StringComparison.Ordinal)) ?? library.Path;
    }

    private static PythonLibraryLoadException Failure(List<PythonLibraryCandidate> tried, bool decisive)
    {
        var message = new StringBuilder();
        message.Append(decisive
            ? "The CPython library named for PyMemory is not usable."
            : "No usable CPython library (3.8 or later, GIL build) was found.");
        message.AppendLine(tried.Count == 0 ? " No candidate was found." : " Candidates tried:");
        foreach (PythonLibraryCandidate candidate in tried)
        {
            message.Append("  - ").AppendLine(candidate.ToString());
        }

        message.Append("Choose a library with PythonRuntimeOptions.LibraryPath in code, or the ")
            .Append(PythonNetLibraryVariable)
            .Append(" environment variable (for example ")
            .Append(OperatingSystem.IsWindows() ? "C:\\Python312\\python312.dll" : "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0")
            .Append("), activate a virtual environment, or put a python3 built with --enable-shared on PATH.");
        return new PythonLibraryLoadException(message.ToString(), tried);
    }
}
