using PyMemory.Interop;

namespace PyMemory;

/// <summary>The GIL rule, checked before every Python-domain call.</summary>
internal static unsafe class Gil
{
    /// <summary>The API, after checking that this thread holds the GIL.</summary>
    /// <exception cref="GilRequiredException">It does not.</exception>
    public static PythonApi Require(string functionName)
    {
        PythonApi api = PythonRuntime.Api;
        ThreadGilState? thread = ThreadGilState.CurrentOrNull;
        if ((thread != null && thread.HoldsGilThroughScope) || api.PyGILState_Check() != 0)
        {
            return api;
        }

        throw new GilRequiredException(functionName);
    }

    public static bool IsHeld(PythonApi api)
    {
        ThreadGilState? thread = ThreadGilState.CurrentOrNull;
        return (thread != null && thread.HoldsGilThroughScope) || (thread?.IsReleased != true && api.PyGILState_Check() != 0);
    }

    /// <summary>
    /// Gives back an owned pointer or reference: now when allowed, queued when this thread lacks the GIL (never
    /// taking it, so finalizers cannot deadlock), and never once the interpreter is gone (a deliberate leak).
    /// Never throws: it runs inside ReleaseHandle.
    /// </summary>
    public static void Release(ReleaseKind kind, nint pointer)
    {
        if (pointer == 0 || !PythonRuntime.TryGetLiveApi(out PythonApi? api))
        {
            return;
        }

        if (kind == ReleaseKind.Raw || IsHeld(api))
        {
            PendingReleases.Free(api, kind, pointer);
        }
        else
        {
            PendingReleases.Enqueue(kind, pointer);
        }
    }
}
