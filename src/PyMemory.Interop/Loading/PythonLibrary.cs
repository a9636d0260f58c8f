using System.Runtime.InteropServices;

namespace PyMemory.Interop.Loading;

/// <summary>
/// A CPython shared library that has been checked (version 3.8 or later, GIL build, all required symbols)
/// and opened with <c>RTLD_NOW | RTLD_GLOBAL</c>. It is never unloaded: CPython cannot be unloaded safely.
/// </summary>
public sealed class PythonLibrary
{
    private PythonLibrary(string path, nint handle, PythonVersion version, string versionText)
    {
        Path = path;
        Handle = handle;
        Version = version;
        VersionText = versionText;
    }

    /// <summary>The path (or library name) the library was opened from.</summary>
    public string Path { get; }

    /// <summary>The native handle returned by the dynamic linker.</summary>
    public nint Handle { get; }

    /// <summary>The exact version of the library.</summary>
    public PythonVersion Version { get; }

    /// <summary>The full text of <c>Py_GetVersion()</c>.</summary>
    public string VersionText { get; }

    /// <summary>Looks up an exported symbol (function or data).</summary>
    /// <param name="name">The C name of the symbol.</param>
    /// <param name="address">Its address, or zero.</param>
    /// <returns>True when the library exports the symbol.</returns>
    public bool TryGetExport(string name, out nint address) => NativeLibrary.TryGetExport(Handle, name, out address);

    /// <summary>Checks and opens a CPython library.</summary>
    /// <param name="path">A path, or a library name for the platform's search path.</param>
    /// <returns>The opened library.</returns>
    /// <exception cref="PythonLibraryLoadException">The file is missing, not a loadable library, not CPython,
    /// older than 3.8, free-threaded, or lacks symbols PyMemory needs. The message says which.</exception>
    public static PythonLibrary Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (TryOpen(path, out PythonLibrary? library, out string failure))
        {
            return library;
        }

        throw new PythonLibraryLoadException(
            $"'{path}' is not a usable CPython library: {failure}.",
            [new PythonLibraryCandidate(path, PythonDiscoveryRule.ExplicitPath, failure)]);
    }

    /// <summary>Checks and opens a CPython library without throwing.</summary>
    /// <param name="path">A path, or a library name for the platform's search path.</param>
    /// <param name="library">The opened library, when the result is true.</param>
    /// <param name="failure">Why it was rejected, when the result is false.</param>
    /// <returns>True when the library is usable and now open.</returns>
    public static bool TryOpen(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PythonLibrary? library, out string failure)
    {
        library = null;
        if (!TryProbe(path, out nint probe, out failure))
        {
            return false;
        }

        try
        {
            if (!LibraryInspector.TryInspect(path, probe, out PythonVersion version, out string versionText, out failure))
            {
                return false;
            }

            if (!DynamicLinker.TryOpenGlobal(path, out nint handle, out string? error))
            {
                failure = "cannot be loaded with RTLD_NOW | RTLD_GLOBAL: " + error;
                return false;
            }

            library = new PythonLibrary(path, handle, version, versionText);
            failure = "";
            return true;
        }
        finally
        {
            DynamicLinker.Close(probe);
        }
    }

    /// <summary>Runs every check of <see cref="TryOpen"/> without opening the library for use: it is inspected
    /// privately (<c>RTLD_LOCAL</c>) and closed again, so that its symbols never become the process's.</summary>
    /// <param name="path">A path, or a library name for the platform's search path.</param>
    /// <param name="version">The library's version, when usable.</param>
    /// <param name="failure">Why it would be rejected, when false.</param>
    /// <returns>True when <see cref="TryOpen"/> would accept it.</returns>
    internal static bool TryCheck(string path, out PythonVersion version, out string failure)
    {
        version = default;
        if (!TryProbe(path, out nint probe, out failure))
        {
            return false;
        }

        try
        {
            return LibraryInspector.TryInspect(path, probe, out version, out _, out failure);
        }
        finally
        {
            DynamicLinker.Close(probe);
        }
    }

    /// <summary>The file checks, then a private open for inspection (closed by the caller).</summary>
    private static bool TryProbe(string path, out nint probe, out string failure)
    {
        probe = 0;
        if (string.IsNullOrEmpty(path))
        {
            failure = "empty path";
            return false;
        }

        bool looksLikePath = System.IO.Path.IsPathRooted(path) || path.Contains('/', StringComparison.Ordinal)
            || path.Contains('\\', StringComparison.Ordinal);
        if (looksLikePath && !File.Exists(path))
        {
            failure = Directory.Exists(path) ? "is a directory, not a library file" : "file not found";
            return false;
        }

        // Inspect privately first: a rejected library (Python 2.7, say) opened RTLD_GLOBAL would put its
        // symbols ahead of the real interpreter's for every extension module loaded later.
        if (!DynamicLinker.TryOpenPrivate(path, out probe, out string? error))
        {
            failure = "cannot be loaded: " + error;
            return false;
        }

        failure = "";
        return true;
    }
}
