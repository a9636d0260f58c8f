using System.Runtime.CompilerServices;
using PyMemory.Interop;

namespace PyMemory;

/// <summary>The thread rule shared by the MEM and OBJ domains.</summary>
internal static class GilDomain
{
    /// <summary>Checks the GIL before a MEM/OBJ call and, while this thread holds it anyway, frees what the
    /// finalizer queued, so a long-lived scope does not let the queue grow.</summary>
    /// <exception cref="GilRequiredException">This thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PythonApi Require(string functionName)
    {
        PythonApi api = Gil.Require(functionName);
        if (PendingReleases.Count > 0)
        {
            PendingReleases.Drain(api);
        }

        return api;
    }

    /// <summary>Like <see cref="Require(string)"/>, and also hands back this thread's GIL state, so that a scoped
    /// owner (which cannot leave its thread) can check the GIL again at dispose without a thread-static lookup.
    /// Only the common case (a GilScope holds the GIL, nothing queued) is inlined into the caller.</summary>
    /// <exception cref="GilRequiredException">This thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PythonApi Require(string functionName, out ThreadGilState? thread)
    {
        thread = ThreadGilState.CurrentOrNull;
        if (thread is { HoldsGilThroughScope: true } && PythonRuntime.TryGetLiveApi(out PythonApi? api) && PendingReleases.Count == 0)
        {
            return api;
        }

        return RequireSlow(functionName);
    }

    /// <summary>Frees a block allocated on <paramref name="thread"/> (the current thread): at once while a GilScope
    /// holds the GIL there, otherwise through the domain's general release (another host's GIL, queue, or leak).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void ReleaseOnThread<TDomain>(void* pointer, ThreadGilState? thread)
        where TDomain : struct, IBlockDomain
    {
        if (thread is { HoldsGilThroughScope: true } && PythonRuntime.TryGetLiveApi(out PythonApi? api))
        {
            TDomain.Free(api, pointer);
        }
        else
        {
            ReleaseSlow<TDomain>(pointer);
        }
    }

    // Kept out of line so the fast paths above stay small enough to inline (and share the caller's P/Invoke frame).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PythonApi RequireSlow(string functionName) => Require(functionName);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe void ReleaseSlow<TDomain>(void* pointer)
        where TDomain : struct, IBlockDomain => TDomain.Release(pointer);
}
