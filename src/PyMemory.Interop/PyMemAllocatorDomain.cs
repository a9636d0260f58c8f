namespace PyMemory.Interop;

/// <summary>The allocator domains of CPython's <c>PyMemAllocatorDomain</c> enum (identical in 3.8 to 3.13).</summary>
public enum PyMemAllocatorDomain
{
    /// <summary><c>PYMEM_DOMAIN_RAW</c>: <c>PyMem_RawMalloc</c> family; callable without the GIL.</summary>
    Raw = 0,

    /// <summary><c>PYMEM_DOMAIN_MEM</c>: <c>PyMem_Malloc</c> family; requires the GIL.</summary>
    Mem = 1,

    /// <summary><c>PYMEM_DOMAIN_OBJ</c>: <c>PyObject_Malloc</c> family; requires the GIL.</summary>
    Obj = 2,
}
