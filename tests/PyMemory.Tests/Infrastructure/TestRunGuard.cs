using System.Runtime.CompilerServices;

namespace PyMemory.Tests.Infrastructure;

/// <summary>
/// Stops the test run before any test when PYMEMORY_TEST_LIBPYTHON names a library that is not there: otherwise every
/// test that touches Python fails on its own with the same long discovery message, hundreds of times.
/// </summary>
internal static class TestRunGuard
{
    /// <summary>Runs when the test assembly loads, before xunit discovers a single test.</summary>
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "The test assembly is loaded only by the test host; checking once before discovery is the point.")]
    internal static void StopWhenTheLibraryIsMissing()
    {
        if (TestPython.ProblemWith(TestPython.LibraryPath, File.Exists, Directory.Exists) is { } problem)
        {
            Console.Error.WriteLine(problem);
            Environment.Exit(2);
        }
    }
}
