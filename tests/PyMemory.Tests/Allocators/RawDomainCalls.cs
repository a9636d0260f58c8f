using PyMemory.Interop;

namespace PyMemory.Tests.Allocators;

/// <summary>The raw malloc/calloc/realloc/free of one domain, to drive an allocator directly (the caller holds the GIL
/// for MEM and OBJ).</summary>
internal static unsafe class RawDomainCalls
{
    public static nint Malloc(PythonApi api, MemoryDomain domain, nuint size) => domain switch
    {
        MemoryDomain.Raw => (nint)api.PyMem_RawMalloc(size),
        MemoryDomain.Mem => (nint)api.PyMem_Malloc(size),
        _ => (nint)api.PyObject_Malloc(size),
    };

    public static nint Calloc(PythonApi api, MemoryDomain domain, nuint count, nuint size) => domain switch
    {
        MemoryDomain.Raw => (nint)api.PyMem_RawCalloc(count, size),
        MemoryDomain.Mem => (nint)api.PyMem_Calloc(count, size),
        _ => (nint)api.PyObject_Calloc(count, size),
    };

    public static nint Realloc(PythonApi api, MemoryDomain domain, nint block, nuint size) => domain switch
    {
        MemoryDomain.Raw => (nint)api.PyMem_RawRealloc((void*)block, size),
        MemoryDomain.Mem => (nint)api.PyMem_Realloc((void*)block, size),
        _ => (nint)api.PyObject_Realloc((void*)block, size),
    };

    public static void Free(PythonApi api, MemoryDomain domain, nint block)
    {
        switch (domain)
        {
            case MemoryDomain.Raw:
                api.PyMem_RawFree((void*)block);
                break;
            case MemoryDomain.Mem:
                api.PyMem_Free((void*)block);
                break;
            default:
                api.PyObject_Free((void*)block);
                break;
        }
    }
}
