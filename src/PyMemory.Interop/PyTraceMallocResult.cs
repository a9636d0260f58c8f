namespace PyMemory.Interop;

/// <summary>What <see cref="PythonApi.PyTraceMalloc_Track"/> and <see cref="PythonApi.PyTraceMalloc_Untrack"/>
/// return (<c>Python/tracemalloc.c</c>, the same 3.8 to 3.14; C names no macro for them).</summary>
internal static class PyTraceMallocResult
{
    /// <summary>0: the trace was stored (Track) or removed, if there was one (Untrack).</summary>
    public const int Success = 0;

    /// <summary>-1 (Track only): tracemalloc could not allocate the trace.</summary>
    public const int NoMemory = -1;

    /// <summary>-2: tracemalloc is not tracing; nothing was recorded.</summary>
    public const int NotTracing = -2;
}
