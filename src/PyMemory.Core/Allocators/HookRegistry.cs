using System.Runtime.CompilerServices;

namespace PyMemory.Allocators;

/// <summary>
/// The hook objects of installed hooks, by slot. The callbacks find their hook with one array read (no GC handle,
/// no cast). Slots are never reused: a callback already running on another thread when its hook is removed must
/// not pick up a different hook; a removed slot reads null and the callback passes the call straight through.
/// </summary>
internal static class HookRegistry
{
    private static readonly Lock Gate = new();
    private static AllocatorHook?[] s_hooks = new AllocatorHook?[64];
    private static int s_count;
    private static volatile int s_managedRawHooks;

    /// <summary>PyMemory hooks currently installed on the RAW domain (changed under the GIL).</summary>
    public static int ManagedRawHooks => s_managedRawHooks;

    public static void RawHookAdded() => Interlocked.Increment(ref s_managedRawHooks);

    public static void RawHookRemoved() => Interlocked.Decrement(ref s_managedRawHooks);

    public static int Add(AllocatorHook hook)
    {
        lock (Gate)
        {
            if (s_count == s_hooks.Length)
            {
                var grown = new AllocatorHook?[s_hooks.Length * 2];
                Array.Copy(s_hooks, grown, s_hooks.Length);
                Volatile.Write(ref s_hooks, grown);
            }

            s_hooks[s_count] = hook;
            return s_count++;
        }
    }

    public static void Remove(int slot)
    {
        lock (Gate)
        {
            s_hooks[slot] = null;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static AllocatorHook? Get(int slot)
    {
        AllocatorHook?[] hooks = Volatile.Read(ref s_hooks);
        return (uint)slot < (uint)hooks.Length ? hooks[slot] : null;
    }
}
