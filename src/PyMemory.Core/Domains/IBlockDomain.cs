using PyMemory.Interop;

namespace PyMemory;

/// <summary>
/// One CPython allocation domain as the block types use it. Implemented by empty structs so that generic code
/// over them is specialized per domain: every call below is direct (and usually inlined), with no virtual hop.
/// </summary>
internal unsafe interface IBlockDomain
{
    static abstract MemoryDomain Domain { get; }

    static abstract string MallocName { get; }

    static abstract string CallocName { get; }

    static abstract string ReallocName { get; }

    /// <summary>The API for a call into this domain, after this domain's thread rule is checked.</summary>
    /// <exception cref="GilRequiredException">The domain needs the GIL and this thread does not hold it.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    static abstract PythonApi Require(string functionName);

    static abstract void* Malloc(PythonApi api, nuint byteCount);

    static abstract void* Calloc(PythonApi api, nuint count, nuint elementSize);

    static abstract void* Realloc(PythonApi api, void* pointer, nuint byteCount);

    /// <summary>Frees now; the caller has checked this domain's thread rule.</summary>
    static abstract void Free(PythonApi api, void* pointer);

    /// <summary>Frees a block of this domain now, queues it when this thread may not free it now, or leaks it once
    /// the interpreter is gone. Never throws and never allocates (a lock-free queue push aside).</summary>
    static abstract void Release(void* pointer);

    /// <summary>Like <see cref="Require"/>, for a scoped owner: also hands back what <see cref="ReleaseScoped"/> on
    /// the same thread needs later (this thread's GIL state for MEM and OBJ; null for RAW, which needs nothing).</summary>
    /// <exception cref="GilRequiredException">The domain needs the GIL and this thread does not hold it.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    static abstract PythonApi RequireScoped(string functionName, out ThreadGilState? thread);

    /// <summary>Like <see cref="Release"/>, for a block a scoped owner allocated on this thread, with the
    /// <paramref name="thread"/> that <see cref="RequireScoped"/> handed back. Never throws.</summary>
    static abstract void ReleaseScoped(void* pointer, ThreadGilState? thread);
}
