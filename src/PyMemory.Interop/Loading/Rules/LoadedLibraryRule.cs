namespace PyMemory.Interop.Loading.Rules;

/// <summary>Rule 4: a libpython already mapped into the process, one whose interpreter runs first. Probed.</summary>
internal sealed class LoadedLibraryRule(Func<IEnumerable<string>> loadedLibraries) : DiscoveryRule
{
    public override PythonDiscoveryRule Kind => PythonDiscoveryRule.AlreadyLoaded;

    public override bool IsDecisive => false;

    public override IEnumerable<ProposedLibrary> Propose() =>
        loadedLibraries().Select(loaded => new ProposedLibrary(loaded, "a libpython is already loaded in this process"));

    /// <summary>libpython files mapped into this process (Linux: /proc/self/maps), running interpreters first.</summary>
    public static IEnumerable<string> LoadedPythonLibraries()
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

    /// <summary>True when the library at <paramref name="path"/> is loadable and its interpreter is initialized.</summary>
    public static unsafe bool IsInitializedInterpreter(string path)
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
}
