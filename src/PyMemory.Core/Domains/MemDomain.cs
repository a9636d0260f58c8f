using System.Runtime.CompilerServices;
using PyMemory.Interop;

namespace PyMemory;

/// <summary>PYMEM_DOMAIN_MEM: the GIL is required for every call, the free included.</summary>
internal readonly unsafe struct MemDomain : IBlockDomainOf<PyMemBlock>
{
    public static MemoryDomain Domain => MemoryDomain.Mem;

    public static string MallocName => "PyMem_Malloc";

    public static string CallocName => "PyMem_Calloc";

    public static string ReallocName => "PyMem_Realloc";

    public static PyMemBlock CreateEmpty() => new();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PythonApi Require(string functionName) => GilDomain.Require(functionName);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void* Malloc(PythonApi api, nuint byteCount) => api.PyMem_Malloc(byteCount);

    public static void* Calloc(PythonApi api, nuint count, nuint elementSize) => api.PyMem_Calloc(count, elementSize);

    public static void* Realloc(PythonApi api, void* pointer, nuint byteCount) => api.PyMem_Realloc(pointer, byteCount);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Free(PythonApi api, void* pointer) => api.PyMem_Free(pointer);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Release(void* pointer) => Gil.Release(ReleaseKind.Mem, (nint)pointer);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PythonApi RequireScoped(string functionName, out ThreadGilState? thread) => GilDomain.Require(functionName, out thread);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReleaseScoped(void* pointer, ThreadGilState? thread) => GilDomain.ReleaseOnThread<MemDomain>(pointer, thread);
}
