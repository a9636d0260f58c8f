using System.Runtime.CompilerServices;
using PyMemory.Interop;

namespace PyMemory;

/// <summary>PYMEM_DOMAIN_RAW: no GIL needed, any thread (the finalizer thread included).</summary>
internal readonly unsafe struct RawDomain : IBlockDomainOf<RawBlock>
{
    public static MemoryDomain Domain => MemoryDomain.Raw;

    public static string MallocName => "PyMem_RawMalloc";

    public static string CallocName => "PyMem_RawCalloc";

    public static string ReallocName => "PyMem_RawRealloc";

    public static RawBlock CreateEmpty() => new();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PythonApi Require(string functionName) => PythonRuntime.Api;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void* Malloc(PythonApi api, nuint byteCount) => api.PyMem_RawMalloc(byteCount);

    public static void* Calloc(PythonApi api, nuint count, nuint elementSize) => api.PyMem_RawCalloc(count, elementSize);

    public static void* Realloc(PythonApi api, void* pointer, nuint byteCount) => api.PyMem_RawRealloc(pointer, byteCount);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Free(PythonApi api, void* pointer) => api.PyMem_RawFree(pointer);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Release(void* pointer)
    {
        // Once the interpreter is finalized nothing is freed through Python: a deliberate, documented leak.
        if (PythonRuntime.TryGetLiveApi(out PythonApi? api))
        {
            api.PyMem_RawFree(pointer);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PythonApi RequireScoped(string functionName, out ThreadGilState? thread)
    {
        // No thread rule, so nothing to remember for the release.
        thread = null;
        return Require(functionName);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReleaseScoped(void* pointer, ThreadGilState? thread) => Release(pointer);
}
