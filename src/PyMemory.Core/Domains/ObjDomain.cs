using System.Runtime.CompilerServices;
using PyMemory.Interop;

namespace PyMemory;

/// <summary>PYMEM_DOMAIN_OBJ: the GIL is required for every call, the free included.</summary>
internal readonly unsafe struct ObjDomain : IBlockDomainOf<PyObjectBlock>
{
    public static MemoryDomain Domain => MemoryDomain.Obj;

    public static string MallocName => "PyObject_Malloc";

    public static string CallocName => "PyObject_Calloc";

    public static string ReallocName => "PyObject_Realloc";

    public static PyObjectBlock CreateEmpty() => new();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PythonApi Require(string functionName) => GilDomain.Require(functionName);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void* Malloc(PythonApi api, nuint byteCount) => api.PyObject_Malloc(byteCount);

    public static void* Calloc(PythonApi api, nuint count, nuint elementSize) => api.PyObject_Calloc(count, elementSize);

    public static void* Realloc(PythonApi api, void* pointer, nuint byteCount) => api.PyObject_Realloc(pointer, byteCount);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Free(PythonApi api, void* pointer) => api.PyObject_Free(pointer);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Release(void* pointer) => Gil.Release(ReleaseKind.Obj, (nint)pointer);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PythonApi RequireScoped(string functionName, out ThreadGilState? thread) => GilDomain.Require(functionName, out thread);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReleaseScoped(void* pointer, ThreadGilState? thread) => GilDomain.ReleaseOnThread<ObjDomain>(pointer, thread);
}
