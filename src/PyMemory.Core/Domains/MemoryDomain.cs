namespace PyMemory;

/// <summary>CPython's allocation domains. The values equal CPython's <c>PyMemAllocatorDomain</c>.</summary>
public enum MemoryDomain
{
    /// <summary>PYMEM_DOMAIN_RAW (0): <c>PyMem_RawMalloc</c> family. No GIL needed; any thread.</summary>
    Raw = 0,

    /// <summary>PYMEM_DOMAIN_MEM (1): <c>PyMem_Malloc</c> family. Requires the GIL.</summary>
    Mem = 1,

    /// <summary>PYMEM_DOMAIN_OBJ (2): <c>PyObject_Malloc</c> family. Requires the GIL.</summary>
    Obj = 2,
}
