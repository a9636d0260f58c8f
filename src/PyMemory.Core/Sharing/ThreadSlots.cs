using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PyMemory;

/// <summary>
/// One thread's pool of native <typeparamref name="TSlot"/>s, for ref structs that must notice when a copy of
/// themselves was disposed (<see cref="PyBufferLease"/>, <see cref="ScopedPyObjectHandle"/>): such a struct keeps a
/// slot pointer and the slot's generation, and the slot's generation moves on when it is released. A free list over
/// chunks of native memory that are never freed while the thread lives, so reading a stale slot's generation reads
/// valid memory. A ref struct (and every copy of it) stays on the stack of the thread that made it, which is why a
/// per-thread pool needs no lock, and why renting and returning allocate nothing once the thread has a slot free.
/// </summary>
/// <remarks>When the thread ends, its pool becomes garbage: the finalizer frees the chunks only when every slot was
/// given back. A slot that was never given back (its struct never disposed) may still be counted on by Python (a
/// lease's export), so its chunks are left allocated rather than freed under it.</remarks>
/// <typeparam name="TSlot">The slot: a native struct with a generation and a free-list link.</typeparam>
internal sealed unsafe class ThreadSlots<TSlot>
    where TSlot : unmanaged, IThreadSlot<TSlot>
{
    private const int SlotsPerChunk = 8;

    [ThreadStatic]
    private static ThreadSlots<TSlot>? t_current;

    private readonly List<nint> _chunks = [];
    private TSlot* _free;
    private int _rented;

    ~ThreadSlots()
    {
        if (_rented != 0)
        {
            return;
        }

        foreach (nint chunk in _chunks)
        {
            NativeMemory.Free((void*)chunk);
        }
    }

    /// <summary>How many slots this thread has rented and not returned (for tests).</summary>
    internal static int RentedOnThisThread => t_current?._rented ?? 0;

    /// <summary>A free slot of this thread, its generation made odd (owned). Its other fields hold whatever its last
    /// user left; the caller fills them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TSlot* Rent()
    {
        ThreadSlots<TSlot> slots = t_current ??= new ThreadSlots<TSlot>();
        TSlot* slot = slots._free;
        if (slot == null)
        {
            slot = slots.Grow();
        }

        slots._free = TSlot.NextFreeOf(slot);
        TSlot.NextFreeOf(slot) = null;
        TSlot.GenerationOf(slot)++;
        slots._rented++;
        return slot;
    }

    /// <summary>Gives back a slot whose generation the caller already made even (released) and that it no longer uses.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Return(TSlot* slot)
    {
        ThreadSlots<TSlot>? slots = t_current;
        if (slots is null)
        {
            return; // not this thread's (only unsafe code can carry a ref struct across threads): leaked, never reused
        }

        TSlot.NextFreeOf(slot) = slots._free;
        slots._free = slot;
        slots._rented--;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private TSlot* Grow()
    {
        var chunk = (TSlot*)NativeMemory.AllocZeroed((nuint)SlotsPerChunk, (nuint)sizeof(TSlot));
        _chunks.Add((nint)chunk);
        for (int i = SlotsPerChunk - 1; i >= 0; i--)
        {
            TSlot.NextFreeOf(&chunk[i]) = _free;
            _free = &chunk[i];
        }

        return _free;
    }
}
