using PyMemory.Interop;

namespace PyMemory.Benchmarks.Blocks;

/// <summary>Starts Python from PYMEMORY_TEST_LIBPYTHON (or discovery) in each benchmark process.</summary>
internal static class BlockBenchmarkPython
{
    public static PythonApi Initialize()
    {
        PythonRuntime.Initialize(new PythonRuntimeOptions { LibraryPath = Environment.GetEnvironmentVariable("PYMEMORY_TEST_LIBPYTHON") });
        return PythonRuntime.Api;
    }
}
