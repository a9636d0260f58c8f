using PyMemory.Interop.Loading;

namespace PyMemory.Tests.Infrastructure;

/// <summary>
/// The Python under test. One environment variable, PYMEMORY_TEST_LIBPYTHON, names the libpython; without it the
/// SDK's own discovery chooses. The interpreter starts once per test process.
/// </summary>
internal static class TestPython
{
    public const string Variable = "PYMEMORY_TEST_LIBPYTHON";

    private static readonly Lazy<PythonLibraryResolution> Resolution = new(() =>
    {
        PythonRuntime.Initialize(new PythonRuntimeOptions { LibraryPath = LibraryPath });
        return PythonRuntime.Library;
    });

    /// <summary>The variable's value, or null when it is unset or blank (then discovery chooses).</summary>
    public static string? LibraryPath => Environment.GetEnvironmentVariable(Variable) is { } value && !string.IsNullOrWhiteSpace(value)
        ? value
        : null;

    /// <summary>The library this run uses: the variable, or the one discovery chose for this process (which starts
    /// Python here). Child processes get this path, so that they run the same Python as the tests that start them.</summary>
    public static string LibraryUnderTest => LibraryPath ?? Ensure().Library.Path;

    /// <summary>Initializes Python (once) and returns what was loaded.</summary>
    public static PythonLibraryResolution Ensure() => Resolution.Value;

    /// <summary>Why the variable's value cannot be the library under test, or null when it can (or is unset). Only a
    /// missing file or a folder is judged here; everything else is the SDK's own check, with its own message.</summary>
    /// <param name="value">The variable's value.</param>
    /// <param name="fileExists">File.Exists, replaced in tests.</param>
    /// <param name="directoryExists">Directory.Exists, replaced in tests.</param>
    public static string? ProblemWith(string? value, Func<string, bool> fileExists, Func<string, bool> directoryExists)
    {
        // A bare name (libpython3.11.so.1.0) is for the dynamic linker's search path: there is no file to look for.
        if (string.IsNullOrWhiteSpace(value) || !(Path.IsPathRooted(value) || value.Contains('/', StringComparison.Ordinal)
            || value.Contains('\\', StringComparison.Ordinal)) || fileExists(value))
        {
            return null;
        }

        string what = directoryExists(value) ? "a folder, not a library file" : "not found";
        return $"{Variable} is set to '{value}', which is {what}. Set {Variable} to the path of a CPython shared library "
            + "(for example <prefix>/lib/libpython3.12.so), or unset it to let PyMemory's discovery choose. No tests were run.";
    }
}
