namespace PyMemory.Tests.Sharing;

/// <summary>Where the numpy tests run: Debian's Python 3.11 with python3-numpy (what .ci/run installs), named by
/// PYMEMORY_TEST_LIBPYTHON. Elsewhere they are skipped, except that under CI a Debian 3.11 run without numpy fails.</summary>
internal static class NumpyPython
{
    /// <summary>Debian's libpython3.11.</summary>
    public const string Library = "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0";

    /// <summary>Where python3-numpy installs numpy for that Python.</summary>
    public const string NumpyFolder = "/usr/lib/python3/dist-packages/numpy";

    /// <summary>Why the numpy tests cannot run in this test run, or null when they can (or must, under CI).</summary>
    public static string? SkipReason
    {
        get
        {
            string? library = TestPython.LibraryPath;
            bool debian311 = library is not null
                && (library == Library || Path.GetFileName(library) == "libpython3.11.so.1.0")
                && !library.StartsWith(InstalledPythons.PyenvRoot, StringComparison.Ordinal);
            if (!debian311)
            {
                return $"numpy checks run on Debian's Python 3.11 only (PYMEMORY_TEST_LIBPYTHON={Library}); this run uses {library ?? "the Python discovery chooses"}";
            }

            return Directory.Exists(NumpyFolder) || ContinuousIntegration.IsRunning
                ? null
                : "needs numpy for Debian's Python 3.11: apt-get install python3-numpy";
        }
    }
}
