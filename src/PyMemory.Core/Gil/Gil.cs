using System.Runtime.CompilerServices;
using PyMemory.Interop;

namespace PyMemory;

/// <summary>
/// The GIL rule: the one decision "does this thread hold the GIL" (<see cref="IsHeld"/>) and the checks made with it
/// before every call that needs the GIL.
/// </summary>
/// <remarks>
/// <c>PyGILState_Check</c> is not used: once any subinterpreter has existed, CPython turns its check off and it answers
/// 1 on every thread (3.8 to 3.13). The decision comes from the thread's own state instead: PyMemory's bookkeeping
/// (<see cref="ThreadGilState"/>) when a scope of its own took the GIL, else whether the current thread state is the
/// one bound to this OS thread.
/// </remarks>
internal static unsafe class Gil
{
    /// <summary>True when the calling thread (whose PyMemory state is <paramref name="thread"/>, possibly null) holds
    /// the GIL. Without native calls while a PyMemory scope took the GIL; otherwise two calls that never need the GIL.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsHeld(PythonApi api, ThreadGilState? thread)
    {
        if (thread is not null)
        {
            if (thread.HoldsGilThroughScope)
            {
                return true;
            }

            if (thread.IsReleased)
            {
                return false; // GilScope.AllowThreads released it
            }
        }

        return ThisThreadStateIsCurrent(api, thread);
    }

    /// <summary>The API, after checking that this thread holds the GIL.</summary>
    /// <exception cref="GilRequiredException">It does not.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static PythonApi Require(string functionName)
    {
        PythonApi api = PythonRuntime.Api;
        if (IsHeld(api, ThreadGilState.CurrentOrNull))
        {
            return api;
        }

        throw new GilRequiredException(functionName);
    }

    /// <summary>The API for a call into <typeparamref name="TDomain"/>, after its thread rule: nothing for RAW; the GIL
    /// for MEM and OBJ, and then, while this thread holds it anyway, the queued releases are freed, so that a long-lived
    /// scope does not let the queue grow.</summary>
    /// <exception cref="GilRequiredException">The domain needs the GIL and this thread does not hold it.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PythonApi Require<TDomain>(string functionName)
        where TDomain : struct, IBlockDomain
    {
        if (!TDomain.NeedsGil)
        {
            return PythonRuntime.Api;
        }

        PythonApi api = Require(functionName);
        if (PendingReleases.Count > 0)
        {
            _ = PendingReleases.Drain(api);
        }

        return api;
    }

    /// <summary>Like <see cref="Require{TDomain}(string)"/>, and also hands back this thread's GIL state (null for RAW),
    /// so that a scoped owner (which cannot leave its thread) can apply <see cref="ReleaseRule.ReleaseOnThread"/> at
    /// dispose without a thread-static lookup. Only the common case (a GilScope holds the GIL, nothing queued) is
    /// inlined into the caller.</summary>
    /// <exception cref="GilRequiredException">The domain needs the GIL and this thread does not hold it.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PythonApi Require<TDomain>(string functionName, out ThreadGilState? thread)
        where TDomain : struct, IBlockDomain
    {
        if (!TDomain.NeedsGil)
        {
            thread = null; // no thread rule, so nothing to remember for the release
            return PythonRuntime.Api;
        }

        thread = ThreadGilState.CurrentOrNull;
        if (thread is { HoldsGilThroughScope: true } && PythonRuntime.TryGetLiveApi(out PythonApi? api) && PendingReleases.Count == 0)
        {
            return api;
        }

        return RequireSlow<TDomain>(functionName);
    }

    // Kept out of line so the fast path above stays small enough to inline (and share the caller's P/Invoke frame).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PythonApi RequireSlow<TDomain>(string functionName)
        where TDomain : struct, IBlockDomain => Require<TDomain>(functionName);

    /// <summary>The native half of <see cref="IsHeld"/>: this OS thread's own thread state is the current one. Its own
    /// state is the one PyMemory recorded for it (kept bound to the thread by a never-released Ensure count, so it stays
    /// PyGILState's binding: one native call, as many as PyGILState_Check took), else PyGILState's binding. On 3.8-3.11
    /// the "current" state is process-wide and is this thread's only while it holds the GIL, which is exactly the
    /// question; from 3.12 it is per thread and attached only while it holds the GIL.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool ThisThreadStateIsCurrent(PythonApi api, ThreadGilState? thread)
    {
        nint current = api.PyThreadState_GetUnchecked();
        if (current == 0)
        {
            return false;
        }

        nint own = thread is { ThreadState: not 0 } ? thread.ThreadState : api.PyGILState_GetThisThreadState();
        return current == own;
    }
}
