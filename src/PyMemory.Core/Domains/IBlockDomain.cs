using PyMemory.Interop;

namespace PyMemory;

/// <summary>
/// One CPython allocation domain as the block types use it: the native calls of its family and their names. The
/// thread rule is not here: <see cref="Gil.Require{TDomain}(string)"/> checks it (from <see cref="IReleasable.NeedsGil"/>)
/// and <see cref="ReleaseRule"/> applies it to the free. Implemented by empty structs (RawDomain, MemDomain,
/// ObjDomain), the one internal spelling of a domain; <see cref="Domain"/> maps each to the public enum.
/// </summary>
internal unsafe interface IBlockDomain : IReleasable
{
    static abstract MemoryDomain Domain { get; }

    static abstract string MallocName { get; }

    static abstract string CallocName { get; }

    static abstract string ReallocName { get; }

    static abstract void* Malloc(PythonApi api, nuint byteCount);

    static abstract void* Calloc(PythonApi api, nuint count, nuint elementSize);

    static abstract void* Realloc(PythonApi api, void* pointer, nuint byteCount);
}
