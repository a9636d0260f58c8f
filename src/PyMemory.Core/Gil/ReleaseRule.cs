using System.Runtime.CompilerServices;
using PyMemory.Interop;

namespace PyMemory;

/// <summary>
/// The release rule, for every owner (RAW, MEM and OBJ blocks, object references): free now when allowed, queue when
/// this thread lacks the GIL the free needs (never taking it, so finalizers cannot deadlock; the queue is freed the
/// next time PyMemory holds the GIL), and never once the interpreter is gone (a deliberate, documented leak).
/// Never throws and never allocates (a lock-free queue push aside): it runs inside ReleaseHandle and Dispose.
/// </summary>
internal static class ReleaseRule
{
    /// <summary>Gives back <paramref name="pointer"/>, owned as <typeparamref name="T"/>, on any thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Release<T>(nint pointer)
        where T : struct, IReleasable
    {
        if (!PythonRuntime.TryGetLiveApi(out PythonApi? api))
        {
            return; // the interpreter is gone: leak
        }

        if (T.NeedsGil)
        {
            ReleaseUnderGil<T>(api, pointer);
        }
        else
        {
            T.Free(api, pointer); // RAW: any thread may free
        }
    }

    /// <summary>Like <see cref="Release{T}"/>, for a block a scoped owner allocated on this thread, with the
    /// <paramref name="thread"/> that <see cref="Gil.Require{TDomain}(string, out ThreadGilState?)"/> handed back:
    /// while a PyMemory scope holds the GIL there, the free runs at once without looking anything up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReleaseOnThread<T>(nint pointer, ThreadGilState? thread)
        where T : struct, IReleasable
    {
        if ((!T.NeedsGil || thread is { HoldsGilThroughScope: true }) && PythonRuntime.TryGetLiveApi(out PythonApi? api))
        {
            T.Free(api, pointer);
        }
        else
        {
            ReleaseSlow<T>(pointer);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ReleaseSlow<T>(nint pointer)
        where T : struct, IReleasable => Release<T>(pointer);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ReleaseUnderGil<T>(PythonApi api, nint pointer)
        where T : struct, IReleasable
    {
        if (pointer == 0)
        {
            return;
        }

        if (Gil.IsHeld(api, ThreadGilState.CurrentOrNull))
        {
            T.Free(api, pointer);
        }
        else
        {
            PendingReleases.Enqueue<T>(pointer);
        }
    }
}
