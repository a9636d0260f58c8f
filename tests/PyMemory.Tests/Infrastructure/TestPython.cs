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

    public static string? LibraryPath => Environment.GetEnvironmentVariable(Variable);

    /// <summary>Initializes Python (once) and returns what was loaded.</summary>
    public static PythonLibraryResolution Ensure() => Resolution.Value;
}
