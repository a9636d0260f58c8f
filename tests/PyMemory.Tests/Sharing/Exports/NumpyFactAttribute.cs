namespace PyMemory.Tests.Sharing.Exports;

/// <summary>
/// A numpy test: it runs when the library under test is Debian's Python 3.11 (<see cref="Library"/>), the Python .ci/run
/// installs python3-numpy for, and is skipped on every other Python with a message. On Debian's 3.11 without numpy it
/// is skipped too, naming the package, except under CI (<see cref="ContinuousIntegration.IsRunning"/>), where numpy
/// must be there and the test then fails on the import.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NumpyFactAttribute : FactAttribute
{
    /// <summary>Debian's libpython 3.11 (x86-64), whose numpy is python3-numpy.</summary>
    public const string Library = "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0";

    private const string DistPackages = "/usr/lib/python3/dist-packages/numpy";

    /// <summary>Skips unless the Python under test is Debian's 3.11 with numpy (or CI demands it).</summary>
    public NumpyFactAttribute()
    {
        if (!string.Equals(TestPython.LibraryPath, Library, StringComparison.Ordinal))
        {
            Skip = $"numpy checks run on Debian's Python 3.11 only ({TestPython.Variable}={Library}, with python3-numpy installed)";
        }
        else if (!Directory.Exists(DistPackages) && !ContinuousIntegration.IsRunning)
        {
            Skip = "needs numpy for Debian's Python 3.11: apt-get install python3-numpy";
        }
    }
}
