using PyMemory.Interop;

namespace PyMemory.Diagnostics;

/// <summary>
/// Reports memory the .NET side allocates to Python's <c>tracemalloc</c> (<c>PyTraceMalloc_Track</c>/<c>Untrack</c>),
/// so that tracemalloc snapshots include it. Blocks are tracked under a domain number of their own,
/// <see cref="SdkDomain"/> by default; filter a snapshot with <c>tracemalloc.DomainFilter(True, domain)</c>.
/// </summary>
/// <remarks>
/// Both calls are allowed without the GIL (CPython takes it itself where it needs to). When tracemalloc is not
/// tracing, nothing is recorded and the Try methods return false: tracking is meant to cost nothing when no one looks.
/// </remarks>
public static unsafe class PythonTraceMalloc
{
    /// <summary>The tracemalloc domain PyMemory uses for memory it reports (0x50594D, "PYM"), distinct from CPython's
    /// own domain 0.</summary>
    public const uint SdkDomain = 0x50594D;

    /// <summary>Reports a block of <paramref name="size"/> bytes at <paramref name="address"/> to tracemalloc, with
    /// the current Python traceback. Tracking an address again replaces its size.</summary>
    /// <param name="address">The block's address.</param>
    /// <param name="size">Its size in bytes.</param>
    /// <param name="domain">The tracemalloc domain; <see cref="SdkDomain"/> by default.</param>
    /// <returns>True when recorded; false when tracemalloc is not tracing.</returns>
    /// <exception cref="ArgumentException"><paramref name="address"/> is zero.</exception>
    /// <exception cref="InsufficientMemoryException">tracemalloc could not allocate its trace.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static bool TryTrack(nint address, nuint size, uint domain = SdkDomain)
    {
        if (address == 0)
        {
            throw new ArgumentException("Cannot track a NULL block.", nameof(address));
        }

        PythonApi api = PythonRuntime.Api;
        return api.PyTraceMalloc_Track(domain, (nuint)address, size) switch
        {
            PyTraceMallocResult.Success => true,
            PyTraceMallocResult.NotTracing => false,
            int code => throw new InsufficientMemoryException($"PyTraceMalloc_Track failed ({code}): tracemalloc could not store the trace."),
        };
    }

    /// <summary>Removes the trace of the block at <paramref name="address"/>. Untracking an address that has no trace
    /// does nothing.</summary>
    /// <param name="address">The block's address.</param>
    /// <param name="domain">The tracemalloc domain it was tracked under.</param>
    /// <returns>True when tracemalloc is tracing (the trace, if any, is gone); false when it is not tracing.</returns>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static bool TryUntrack(nint address, uint domain = SdkDomain)
    {
        PythonApi api = PythonRuntime.Api;
        return api.PyTraceMalloc_Untrack(domain, (nuint)address) != PyTraceMallocResult.NotTracing;
    }
}
