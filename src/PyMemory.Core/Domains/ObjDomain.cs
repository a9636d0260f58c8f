using System.Runtime.CompilerServices;
using PyMemory.Interop;

namespace PyMemory;

/// <summary>PYMEM_DOMAIN_OBJ: the GIL is required for every call, the free included.</summary>
internal readonly unsafe struct ObjDomain : IBlockDomainOf<PyObjectBlock>
{
    public static bool NeedsGil => true;

    public static MemoryDomain Domain => MemoryDomain.Obj;

    public static string MallocName => "PyObject_Malloc";

    public static string CallocName => "PyObject_Calloc";

    public static string ReallocName => "PyObject_Realloc";

    public static PyObjectBlock CreateEmpty() => new();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void* Malloc(PythonApi api, nuint byteCount) => api.PyObject_Malloc(byteCount);

    public static void* Calloc(PythonApi api, nuint count, nuint elementSize) => api.PyObject_Calloc(count, elementSize);

    public static void* Realloc(PythonApi api, void* pointer, nuint byteCount) => api.PyObject_Realloc(pointer, byteCount);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Free(PythonApi api, nint pointer) => api.PyObject_Free((void*)pointer);
}
