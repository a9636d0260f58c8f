namespace PyMemory.Benchmarks.Gil;

/// <summary>Starts the Python under test (PYMEMORY_TEST_LIBPYTHON, else discovery) in a benchmark process.</summary>
internal static class GilBenchmarkPython
{
    public static void Initialize() =>
        PythonRuntime.Initialize(new PythonRuntimeOptions { LibraryPath = Environment.GetEnvironmentVariable("PYMEMORY_TEST_LIBPYTHON") });
}
