using System.Runtime.CompilerServices;
using PyMemory.Interop;

namespace PyMemory;

/// <summary>PYMEM_DOMAIN_MEM: the GIL is required for every call, the free included.</summary>
internal readonly unsafe struct MemDomain : IBlockDomainOf<PyMemBlock>
{
    public static bool NeedsGil => true;

    public static MemoryDomain Domain => MemoryDomain.Mem;

    public static string MallocName => "PyMem_Malloc";

    public static string CallocName => "PyMem_Calloc";

    public static string ReallocName => "PyMem_Realloc";

    public static PyMemBlock CreateEmpty() => new();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void* Malloc(PythonApi api, nuint byteCount) => api.PyMem_Malloc(byteCount);

    public static void* Calloc(PythonApi api, nuint count, nuint elementSize) => api.PyMem_Calloc(count, elementSize);

    public static void* Realloc(PythonApi api, void* pointer, nuint byteCount) => api.PyMem_Realloc(pointer, byteCount);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Free(PythonApi api, nint pointer) => api.PyMem_Free((void*)pointer);
}
