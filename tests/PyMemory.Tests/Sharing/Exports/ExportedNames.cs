using PyMemory.Tests.Objects;

namespace PyMemory.Tests.Sharing.Exports;

/// <summary>Hands an exported object to Python code under a unique name in <c>__main__</c> and disposes the .NET
/// handle, so that Python's references alone keep it alive (as in a program that passes the object to Python and
/// forgets it). The caller holds the GIL.</summary>
internal static class ExportedNames
{
    public static string Give(PyObjectHandle exported, string prefix = "exported")
    {
        string name = MainModule.UniqueName(prefix);
        using (exported)
        {
            MainModule.Set(name, exported);
        }

        return name;
    }
}
