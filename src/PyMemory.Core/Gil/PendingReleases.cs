using System.Collections.Concurrent;
using PyMemory.Interop;

namespace PyMemory;

/// <summary>
/// Pointers and references whose owners were released on a thread without the GIL (the finalizer thread, most
/// often), each with the free of its own kind. <see cref="Drain"/> is the one place they are freed: it runs when
/// PyMemory holds the GIL anyway (a scope's outermost enter or exit, a MEM/OBJ call, Shutdown) and on demand
/// (<see cref="PythonRuntime.DrainPendingReleases"/>); a finalizer never takes the GIL.
/// </summary>
internal static unsafe class PendingReleases
{
    private static readonly ConcurrentQueue<Item> Queue = new();
    private static int s_count;

    public static int Count => Volatile.Read(ref s_count);

    public static void Enqueue<T>(nint pointer)
        where T : struct, IReleasable
    {
        // Count first, then publish: a concurrent Drain can then never dequeue an item before it was counted, so
        // the count (PythonRuntime.PendingReleaseCount) never goes below zero.
        Interlocked.Increment(ref s_count);
        Queue.Enqueue(new Item(&T.Free, pointer));
    }

    /// <summary>Frees everything queued. The caller holds the GIL.</summary>
    /// <returns>How many it freed.</returns>
    public static int Drain(PythonApi api)
    {
        int freed = 0;
        while (Volatile.Read(ref s_count) > 0 && Queue.TryDequeue(out Item item))
        {
            Interlocked.Decrement(ref s_count);
            item.Free(api, item.Pointer);
            freed++;
        }

        return freed;
    }

    /// <summary>Drops everything queued without freeing: the interpreter is gone.</summary>
    public static void Abandon()
    {
        while (Queue.TryDequeue(out _))
        {
            Interlocked.Decrement(ref s_count);
        }
    }

    /// <summary>A queued release: the owner kind's <see cref="IReleasable.Free"/> and what to free.</summary>
    private readonly struct Item(delegate*<PythonApi, nint, void> free, nint pointer)
    {
        public delegate*<PythonApi, nint, void> Free { get; } = free;

        public nint Pointer { get; } = pointer;
    }
}
