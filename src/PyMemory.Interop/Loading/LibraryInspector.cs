using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace PyMemory.Interop.Loading;

/// <summary>
/// Looks inside a candidate library, opened privately by <see cref="PythonLibrary.TryOpen"/>, without binding it:
/// its version text, whether it is a free-threaded build, and whether it has every <see cref="RequiredSymbols"/>.
/// </summary>
internal static unsafe partial class LibraryInspector
{
    /// <summary>Decides whether the library behind <paramref name="handle"/> is a CPython PyMemory supports.</summary>
    /// <param name="path">The path it was opened from (its file name tells free-threaded builds).</param>
    /// <param name="handle">A dynamic-linker handle of the library.</param>
    /// <param name="version">Its version, when the result is true.</param>
    /// <param name="versionText">The full text of <c>Py_GetVersion()</c>, when the result is true.</param>
    /// <param name="failure">Why it is not usable, when the result is false.</param>
    /// <returns>True when the library is a supported CPython with every required symbol.</returns>
    public static bool TryInspect(string path, nint handle, out PythonVersion version, out string versionText, out string failure)
    {
        version = default;
        versionText = "";
        if (!NativeLibrary.TryGetExport(handle, "Py_GetVersion", out nint getVersion))
        {
            failure = "not a CPython library (it does not export Py_GetVersion)";
            return false;
        }

        // Py_GetVersion only formats static build data: safe to call before the interpreter is initialized.
        versionText = Marshal.PtrToStringUTF8((nint)((delegate* unmanaged<byte*>)getVersion)()) ?? "";
        if (!PythonVersion.TryParse(versionText, out version))
        {
            failure = $"unrecognised version text '{versionText}'";
            return false;
        }

        if (IsFreeThreaded(path, handle))
        {
            version = version with { IsFreeThreaded = true };
        }

        if (version < PythonVersion.MinimumSupported)
        {
            failure = $"Python {version} is older than {PythonVersion.MinimumSupported.Major}.{PythonVersion.MinimumSupported.Minor}, the oldest version PyMemory supports";
            return false;
        }

        if (version.IsFreeThreaded)
        {
            failure = $"Python {version} is a free-threaded build, which PyMemory does not support yet (its object header and GIL rules differ)";
            return false;
        }

        List<string> missing = RequiredSymbols.MissingFrom(name => NativeLibrary.TryGetExport(handle, name, out _));
        if (missing.Count > 0)
        {
            failure = $"Python {version} lacks symbols PyMemory needs: {string.Join(", ", missing)}";
            return false;
        }

        failure = "";
        return true;
    }

    private static bool IsFreeThreaded(string path, nint handle)
    {
        // Free-threaded builds are named libpython3.13t and export the free-threading-only object API.
        return FreeThreadedName().IsMatch(Path.GetFileName(path))
            || NativeLibrary.TryGetExport(handle, "_Py_MergeZeroLocalRefcount", out _);
    }

    [GeneratedRegex(@"python3\.?\d+t(\.|_d\.)", RegexOptions.IgnoreCase)]
    private static partial Regex FreeThreadedName();
}
