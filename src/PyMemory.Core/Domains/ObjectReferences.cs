using System.Runtime.CompilerServices;
using PyMemory.Interop;

namespace PyMemory;

/// <summary>Owned object references (<see cref="PyObjectHandle"/>): given back with <c>Py_DecRef</c>, under the GIL.</summary>
internal readonly unsafe struct ObjectReferences : IReleasable
{
    public static bool NeedsGil => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Free(PythonApi api, nint pointer) => api.Py_DecRef(pointer);
}
