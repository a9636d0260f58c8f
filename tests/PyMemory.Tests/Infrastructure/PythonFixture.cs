using PyMemory.Interop.Loading;

namespace PyMemory.Tests.Infrastructure;

/// <summary>
/// The Python under test, started before the first test of a class that uses it: join <see cref="UsesPython"/>
/// (<c>[Collection(UsesPython.Name)]</c>), or take it as a class fixture, or as a constructor parameter to
/// read what was loaded. The interpreter starts once per process however many fixtures exist (see
/// <see cref="TestPython"/>).
/// </summary>
public sealed class PythonFixture
{
    /// <summary>Starts Python (once per process) from the library under test.</summary>
    public PythonFixture() => Resolution = TestPython.Ensure();

    /// <summary>What was loaded, and which discovery rule chose it.</summary>
    public PythonLibraryResolution Resolution { get; }
}
