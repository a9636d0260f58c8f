using PyMemory.Interop;
using PyMemory.Interop.Loading;

namespace PyMemory.ChildHost;

/// <summary>The raw entry points of the library PythonRuntime loaded (the same dlopen handle), for scenarios that
/// break CPython's rules on purpose.</summary>
internal static class RawLayer
{
    public static PythonApi Api() => new(PythonLibrary.Open(PythonRuntime.Library.Library.Path));
}
