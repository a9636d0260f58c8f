namespace PyMemory.ChildHost;

/// <summary>Initializes Python from the library under test, as the test process does.</summary>
internal static class TestLibrary
{
    private const string Variable = "PYMEMORY_TEST_LIBPYTHON";

    /// <summary>The library under test. The test suite's ChildProcess.Run always sets it (to what discovery chose when
    /// the run itself has no variable); run by hand without it, scenarios that initialize let discovery choose.</summary>
    public static string? Path => Environment.GetEnvironmentVariable(Variable);

    /// <summary>The library under test, for scenarios that must load it themselves (playing another host).</summary>
    /// <exception cref="InvalidOperationException">The variable is unset.</exception>
    public static string RequiredPath => Path ?? throw new InvalidOperationException(
        Variable + " is not set; this scenario loads the library itself and needs its path (ChildProcess.Run sets it)");

    public static void Initialize() => PythonRuntime.Initialize(new PythonRuntimeOptions { LibraryPath = Path });
}
