namespace PyMemory.ChildHost;

/// <summary>Initializes Python from the library under test, as the test process does.</summary>
internal static class TestLibrary
{
    public static string? Path => Environment.GetEnvironmentVariable("PYMEMORY_TEST_LIBPYTHON");

    public static void Initialize() => PythonRuntime.Initialize(new PythonRuntimeOptions { LibraryPath = Path });
}
