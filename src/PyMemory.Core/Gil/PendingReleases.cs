using System.Collections.Concurrent;
using PyMemory.Interop;

namespace PyMemory;

/// <summary>
/// Pointers and references whose owners were released on a thread without the GIL (the finalizer thread, most
/// often). They are freed in their own domain the next time PyMemory holds the GIL; a finalizer never takes it.
/// </summary>
internal static unsafe class PendingReleases
{
    private static readonly ConcurrentQueue<(ReleaseKind Kind, nint Pointer)> Queue = new();
    private static int s_count;

    public static int Count => Volatile.Read(ref s_count);

    public static void Enqueue(ReleaseKind kind, nint pointer)
    {
        // Count first, then publish: a concurrent Drain can then never dequeue an item before it was counted, so
        // the count (PythonRuntime.PendingReleaseCount) never goes below zero.
        Interlocked.Increment(ref s_count);
        Queue.Enqueue((kind, pointer));
    }

    /// <summary>Frees everything queued. The caller holds the GIL.</summary>
    public static void Drain(PythonApi api)
    {
        while (Volatile.Read(ref s_count) > 0 && Queue.TryDequeue(out (ReleaseKind Kind, nint Pointer) item))
        {
            Interlocked.Decrement(ref s_count);
            Free(api, item.Kind, item.Pointer);
        }
    }

    /// <summary>Drops everything queued without freeing: the interpreter is gone.</summary>
    public static void Abandon()
    {
        while (Queue.TryDequeue(out _))
        {
            Interlocked.Decrement(ref s_count);
        }
    }

    public static void Free(PythonApi api, ReleaseKind kind, nint pointer)
    {
        switch (kind)
        {
            case ReleaseKind.Raw:
                api.PyMem_RawFree((void*)pointer);
                break;
            case ReleaseKind.Mem:
                api.PyMem_Free((void*)pointer);
                break;
            case ReleaseKind.Obj:
                api.PyObject_Free((void*)pointer);
                break;
            case ReleaseKind.DecRef:
                api.Py_DecRef(pointer);
                break;
        }
    }
}
