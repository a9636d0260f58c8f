using System.Runtime.CompilerServices;
using PyMemory.Interop;

namespace PyMemory;

/// <summary>PYMEM_DOMAIN_RAW: no GIL needed, any thread (the finalizer thread included).</summary>
internal readonly unsafe struct RawDomain : IBlockDomainOf<RawBlock>
{
    public static bool NeedsGil => false;

    public static MemoryDomain Domain => MemoryDomain.Raw;

    public static string MallocName => "PyMem_RawMalloc";

    public static string CallocName => "PyMem_RawCalloc";

    public static string ReallocName => "PyMem_RawRealloc";

    public static RawBlock CreateEmpty() => new();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void* Malloc(PythonApi api, nuint byteCount) => api.PyMem_RawMalloc(byteCount);

    public static void* Calloc(PythonApi api, nuint count, nuint elementSize) => api.PyMem_RawCalloc(count, elementSize);

    public static void* Realloc(PythonApi api, void* pointer, nuint byteCount) => api.PyMem_RawRealloc(pointer, byteCount);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Free(PythonApi api, nint pointer) => api.PyMem_RawFree((void*)pointer);
}
