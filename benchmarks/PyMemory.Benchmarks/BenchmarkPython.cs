using PyMemory.Interop;

namespace PyMemory.Benchmarks;

/// <summary>Starts the Python under test (PYMEMORY_TEST_LIBPYTHON, else discovery) in each benchmark process.</summary>
internal static class BenchmarkPython
{
    /// <summary>Initializes Python once and returns the raw API the Baseline methods call directly.</summary>
    public static PythonApi Initialize()
    {
        PythonRuntime.Initialize(new PythonRuntimeOptions { LibraryPath = Environment.GetEnvironmentVariable("PYMEMORY_TEST_LIBPYTHON") });
        return PythonRuntime.Api;
    }
}
