using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;

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

    private static readonly TimeSpan InterpreterQueryTimeout = TimeSpan.FromSeconds(15);

    private readonly Func<string, string?> _environment;
    private readonly Func<IEnumerable<string>> _loadedLibraries;
    private readonly Func<string?> _pythonNetLibrary;
    private readonly Func<IEnumerable<string>> _wellKnownLocations;

    /// <summary>A locator that reads the process environment.</summary>
    public PythonLibraryLocator()
        : this(Environment.GetEnvironmentVariable, LoadedPythonLibraries, ReadPythonNetRuntimeProperty)
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
        _loadedLibraries = loadedLibraries;
        _pythonNetLibrary = pythonNetLibrary;
        _wellKnownLocations = wellKnownLocations ?? (() => WellKnownLocations().Where(File.Exists));
    }

    /// <summary>Finds, checks and opens libpython.</summary>
    /// <param name="explicitPath">A library path given in code (rule 1), or null to search.</param>
    /// <returns>The opened library and how it was found.</returns>
    /// <exception cref="PythonLibraryLoadException">No candidate was usable; the message lists every candidate
    /// tried with the reason it was rejected, and what to set.</exception>
    public PythonLibraryResolution Locate(string? explicitPath = null)
    {
        var tried = new List<PythonLibraryCandidate>();

        // Rules 1 to 3 name one library: use it or fail, never fall through to a different Python.
        (string? named, PythonDiscoveryRule rule, string reason) = NamedLibrary(explicitPath);
        if (named != null)
        {
            return TryCandidate(named, rule, reason, tried) ?? throw Failure(tried, decisive: true);
        }

        foreach ((string path, PythonDiscoveryRule probeRule, string probeReason) in ProbedCandidates())
        {
            if (tried.Any(c => string.Equals(c.Path, path, StringComparison.Ordinal)))
            {
                continue;
            }

            PythonLibraryResolution? found = TryCandidate(path, probeRule, probeReason, tried);
            if (found != null)
            {
                return found;
            }
        }

        throw Failure(tried, decisive: false);
    }

    private (string? Path, PythonDiscoveryRule Rule, string Reason) NamedLibrary(string? explicitPath)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return (explicitPath, PythonDiscoveryRule.ExplicitPath, "the library path was given in code");
        }

        string? variable = _environment(PythonNetLibraryVariable);
        if (!string.IsNullOrWhiteSpace(variable))
        {
            return (variable, PythonDiscoveryRule.PythonNetEnvironmentVariable, $"{PythonNetLibraryVariable} is set");
        }

        string? pythonNet = _pythonNetLibrary();
        if (!string.IsNullOrWhiteSpace(pythonNet))
        {
            return (pythonNet, PythonDiscoveryRule.PythonNetRuntimeProperty, "pythonnet's Python.Runtime.Runtime.PythonDLL is set in this process");
        }

        return (null, default, "");
    }

    private IEnumerable<(string Path, PythonDiscoveryRule Rule, string Reason)> ProbedCandidates()
    {
        foreach (string loaded in _loadedLibraries())
        {
            yield return (loaded, PythonDiscoveryRule.AlreadyLoaded, "a libpython is already loaded in this process");
        }

        // pythonnet 3.1+ reads PYTHONNET_VENV as well as VIRTUAL_ENV; its own variable is the more specific choice.
        foreach (string variable in new[] { PythonNetVirtualEnvironmentVariable, "VIRTUAL_ENV" })
        {
            string? venv = _environment(variable);
            if (string.IsNullOrWhiteSpace(venv))
            {
                continue;
            }

            foreach (string path in VirtualEnvironmentCandidates(venv))
            {
                yield return (path, PythonDiscoveryRule.VirtualEnvironment, $"{variable} is '{venv}'");
            }
        }

        foreach (string interpreter in InterpretersOnPath())
        {
            foreach (string path in AskInterpreter(interpreter))
            {
                yield return (path, PythonDiscoveryRule.PathInterpreter, $"'{interpreter}' on PATH reports it through sysconfig");
            }
        }

        foreach (string path in _wellKnownLocations())
        {
            yield return (path, PythonDiscoveryRule.WellKnownLocation, "found in a well-known location");
        }
    }

    private static PythonLibraryResolution? TryCandidate(string path, PythonDiscoveryRule rule, string reason, List<PythonLibraryCandidate> tried)
    {
        if (PythonLibrary.TryOpen(path, out PythonLibrary? library, out string failure))
        {
            tried.Add(new PythonLibraryCandidate(path, rule, "loaded"));
            return new PythonLibraryResolution(library, rule, reason, tried);
        }

        tried.Add(new PythonLibraryCandidate(path, rule, failure));
        return null;
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

    private static IEnumerable<string> VirtualEnvironmentCandidates(string venv)
    {
        string python = OperatingSystem.IsWindows() ? Path.Combine(venv, "Scripts", "python.exe") : Path.Combine(venv, "bin", "python");
        foreach (string path in AskInterpreter(python))
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
        foreach (string name in LibraryFileNames(version.Major, version.Minor))
        {
            yield return OperatingSystem.IsWindows() ? Path.Combine(home, name) : Path.Combine(prefix, "lib", name);
        }

        // Debian and Ubuntu put the system Python's library in the multiarch folder (/usr/lib/x86_64-linux-gnu).
        if (OperatingSystem.IsLinux() && MultiarchTriplet() is { } triplet)
        {
            foreach (string name in LibraryFileNames(version.Major, version.Minor))
            {
                yield return Path.Combine(prefix, "lib", triplet, name);
            }
        }
    }

    private static string? MultiarchTriplet() => System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "x86_64-linux-gnu",
        System.Runtime.InteropServices.Architecture.Arm64 => "aarch64-linux-gnu",
        _ => null,
    };

    private IEnumerable<string> InterpretersOnPath()
    {
        string? path = _environment("PATH");
        if (string.IsNullOrEmpty(path))
        {
            yield break;
        }

        string[] names = OperatingSystem.IsWindows() ? ["python3.exe", "python.exe"] : ["python3", "python"];
        foreach (string name in names)
        {
            foreach (string dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                string candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    yield return candidate;
                    break; // the first on PATH is the one a shell would run
                }
            }
        }
    }

    /// <summary>Asks an interpreter, through sysconfig, where its shared library is.</summary>
    private static List<string> AskInterpreter(string interpreter)
    {
        const string Script =
            "import os, sys, sysconfig\n" +
            "v = sysconfig.get_config_var\n" +
            "d = v('LIBDIR') or ''\n" +
            "for n in (v('LDLIBRARY'), v('INSTSONAME')):\n" +
            "    if n:\n" +
            "        print(os.path.join(d, n))\n" +
            "        if v('MULTIARCH'): print(os.path.join(d, v('MULTIARCH'), n))\n" +
            "if os.name == 'nt': print(os.path.join(sys.base_prefix, 'python%d%d.dll' % sys.version_info[:2]))\n";
        var found = new List<string>();
        if (!File.Exists(interpreter))
        {
            return found;
        }

        try
        {
            var start = new ProcessStartInfo(interpreter)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(Script);
            using Process process = Process.Start(start)!;
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(InterpreterQueryTimeout))
            {
                process.Kill(entireProcessTree: true);
                return found;
            }

            foreach (string line in output.GetAwaiter().GetResult().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                // A static build reports libpythonX.Y.a, which cannot be loaded.
                if (!line.EndsWith(".a", StringComparison.Ordinal) && File.Exists(line) && !found.Contains(line))
                {
                    found.Add(line);
                }
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            // Not runnable: the interpreter simply contributes no candidate.
        }

        return found;
    }

    private static IEnumerable<string> LibraryFileNames(int major, int minor)
    {
        if (OperatingSystem.IsWindows())
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"python{major}{minor}.dll");
        }
        else if (OperatingSystem.IsMacOS())
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"libpython{major}.{minor}.dylib");
        }
        else
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"libpython{major}.{minor}.so.1.0");
            yield return string.Create(CultureInfo.InvariantCulture, $"libpython{major}.{minor}.so");
        }
    }

    /// <summary>Platform locations, newest minor version first. Windows and macOS paths are by design, untested here.</summary>
    private IEnumerable<string> WellKnownLocations()
    {
        for (int minor = 13; minor >= 8; minor--)
        {
            string v = string.Create(CultureInfo.InvariantCulture, $"3.{minor}");
            if (OperatingSystem.IsWindows())
            {
                string dll = string.Create(CultureInfo.InvariantCulture, $"python3{minor}.dll");
                string? local = _environment("LOCALAPPDATA");
                if (local != null)
                {
                    yield return Path.Combine(local, "Programs", "Python", $"Python3{minor}", dll);
                }

                yield return Path.Combine($"C:\\Python3{minor}", dll);
                yield return Path.Combine($"C:\\Program Files\\Python3{minor}", dll);
            }
            else if (OperatingSystem.IsMacOS())
            {
                yield return $"/Library/Frameworks/Python.framework/Versions/{v}/Python";
                yield return $"/opt/homebrew/Frameworks/Python.framework/Versions/{v}/Python";
                yield return $"/usr/local/Frameworks/Python.framework/Versions/{v}/Python";
                yield return $"/opt/homebrew/lib/libpython{v}.dylib";
                yield return $"/usr/local/lib/libpython{v}.dylib";
            }
            else
            {
                foreach (string dir in new[] { "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/local/lib", "/usr/lib64", "/usr/lib" })
                {
                    foreach (string name in LibraryFileNames(3, minor))
                    {
                        yield return Path.Combine(dir, name);
                    }
                }
            }
        }
    }

    /// <summary>libpython files mapped into this process (Linux: /proc/self/maps), running interpreters first.</summary>
    internal static IEnumerable<string> LoadedPythonLibraries()
    {
        const string Maps = "/proc/self/maps";
        if (!OperatingSystem.IsLinux() || !File.Exists(Maps))
        {
            return [];
        }

        return File.ReadLines(Maps)
            .Select(line => line.IndexOf('/', StringComparison.Ordinal) is int i and >= 0 ? line[i..].Trim() : "")
            .Where(path => !path.EndsWith(" (deleted)", StringComparison.Ordinal)) // replaced on disk: cannot be reopened
            .Where(path => Path.GetFileName(path).StartsWith("libpython", StringComparison.Ordinal) && path.Contains(".so", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(IsInitializedInterpreter)
            .ToList();
    }

    /// <summary>Loaded libpython files whose interpreter is initialized (Linux; empty elsewhere).</summary>
    internal static IReadOnlyList<string> RunningInterpreterLibraries() =>
        LoadedPythonLibraries().Where(IsInitializedInterpreter).ToList();

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

    private static unsafe bool IsInitializedInterpreter(string path)
    {
        if (!DynamicLinker.TryOpenPrivate(path, out nint handle, out _))
        {
            return false;
        }

        try
        {
            return System.Runtime.InteropServices.NativeLibrary.TryGetExport(handle, "Py_IsInitialized", out nint isInitialized)
                && ((delegate* unmanaged<int>)isInitialized)() != 0;
        }
        finally
        {
            DynamicLinker.Close(handle);
        }
    }

    /// <summary>pythonnet's <c>Python.Runtime.Runtime.PythonDLL</c>, when that assembly is loaded; read by reflection
    /// so that PyMemory needs no reference to pythonnet.</summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "pythonnet is not trimmable; when trimmed away the rule simply finds nothing.")]
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "pythonnet is not trimmable; when trimmed away the rule simply finds nothing.")]
    internal static string? ReadPythonNetRuntimeProperty()
    {
        Assembly? pythonNet = AppDomain.CurrentDomain.GetAssemblies()
            .FirstOrDefault(a => string.Equals(a.GetName().Name, "Python.Runtime", StringComparison.Ordinal));
        PropertyInfo? property = pythonNet?.GetType("Python.Runtime.Runtime", throwOnError: false)
            ?.GetProperty("PythonDLL", BindingFlags.Public | BindingFlags.Static);
        try
        {
            return property?.GetValue(null) as string;
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }
}
