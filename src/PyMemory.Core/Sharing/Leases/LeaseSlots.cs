using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PyMemory;

/// <summary>
/// One thread's pool of <see cref="LeaseSlot"/>s: a free list over chunks of native memory that are never freed while
/// the thread lives. A lease is a ref struct, so it (and every copy of it) stays on the stack of the thread that
/// entered it, which is why a per-thread pool needs no lock and why entering and disposing allocate nothing once the
/// thread has a slot free.
/// </summary>
/// <remarks>When the thread ends, its pool becomes garbage: the finalizer frees the chunks only when every slot was
/// given back. A lease that was never disposed keeps its slot (and its export, as a memoryview that is never released
/// would), so its chunks are left allocated rather than freed under a buffer that Python still counts as exported.</remarks>
internal sealed unsafe class LeaseSlots
{
    private const int SlotsPerChunk = 8;

    [ThreadStatic]
    private static LeaseSlots? t_current;

    private readonly List<nint> _chunks = [];
    private LeaseSlot* _free;
    private int _rented;

    ~LeaseSlots()
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

    /// <summary>A free slot of this thread, its generation made odd (owned). Its <see cref="LeaseSlot.View"/> holds
    /// whatever the last lease left; the caller fills it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LeaseSlot* Rent()
    {
        LeaseSlots slots = t_current ??= new LeaseSlots();
        LeaseSlot* slot = slots._free;
        if (slot == null)
        {
            slot = slots.Grow();
        }

        slots._free = slot->NextFree;
        slot->NextFree = null;
        slot->Generation++;
        slots._rented++;
        return slot;
    }

    /// <summary>Gives back a slot whose generation the caller already made even (released) and whose export is over.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Return(LeaseSlot* slot)
    {
        LeaseSlots? slots = t_current;
        if (slots is null)
        {
            return; // not this thread's (only unsafe code can carry a lease across threads): leaked, never reused
        }

        slot->NextFree = slots._free;
        slots._free = slot;
        slots._rented--;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private LeaseSlot* Grow()
    {
        var chunk = (LeaseSlot*)NativeMemory.AllocZeroed((nuint)SlotsPerChunk, (nuint)sizeof(LeaseSlot));
        _chunks.Add((nint)chunk);
        for (int i = SlotsPerChunk - 1; i >= 0; i--)
        {
            chunk[i].NextFree = _free;
            _free = &chunk[i];
        }

        return _free;
    }
}
