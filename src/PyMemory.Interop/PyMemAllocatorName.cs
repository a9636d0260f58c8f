namespace PyMemory.Interop;

/// <summary>
/// CPython's <c>PyMemAllocatorName</c> values, the allocator presets that <c>PYTHONMALLOC</c> selects.
/// </summary>
public enum PyMemAllocatorName
{
    /// <summary><c>PYMEM_ALLOCATOR_NOT_SET</c>: no preset was chosen.</summary>
    NotSet = 0,

    /// <summary><c>PYMEM_ALLOCATOR_DEFAULT</c>: the build's default allocators.</summary>
    Default = 1,

    /// <summary><c>PYMEM_ALLOCATOR_DEBUG</c>: the default allocators with the debug hooks on top.</summary>
    Debug = 2,

    /// <summary><c>PYMEM_ALLOCATOR_MALLOC</c>: C <c>malloc</c> in every domain.</summary>
    Malloc = 3,

    /// <summary><c>PYMEM_ALLOCATOR_MALLOC_DEBUG</c>: C <c>malloc</c> with the debug hooks.</summary>
    MallocDebug = 4,

    /// <summary><c>PYMEM_ALLOCATOR_PYMALLOC</c>: pymalloc for MEM and OBJ, malloc for RAW.</summary>
    PyMalloc = 5,

    /// <summary><c>PYMEM_ALLOCATOR_PYMALLOC_DEBUG</c>: pymalloc with the debug hooks.</summary>
    PyMallocDebug = 6,

    /// <summary><c>PYMEM_ALLOCATOR_MIMALLOC</c> (3.13 and later, builds with mimalloc).</summary>
    MiMalloc = 7,

    /// <summary><c>PYMEM_ALLOCATOR_MIMALLOC_DEBUG</c> (3.13 and later, builds with mimalloc).</summary>
    MiMallocDebug = 8,
}
