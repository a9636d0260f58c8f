namespace PyMemory;

/// <summary>
/// The keepers of the live exports (a <see cref="NativeBlock"/> or a <see cref="PinnedMemory"/> each), in slots that an
/// <see cref="ExporterObject"/> names by number: what a <c>GCHandle</c> per export would do, without its two calls into
/// the runtime's handle table (they were a tenth of an export's time). Every access happens under the GIL of the main
/// interpreter (an export is made there only, and CPython deallocates it holding that GIL; PyMemory refuses free-threaded
/// builds), so the table needs neither a lock nor an interlocked operation.
/// </summary>
/// <remarks>A freed slot goes to the front of a free list threaded through <see cref="s_next"/>, so a steady
/// export-and-release reuses one slot and the arrays grow only with the number of exports alive at once.</remarks>
internal static class ExportKeepers
{
    private static object?[] s_keepers = new object?[16];
    private static int[] s_next = new int[16];
    private static int s_free = -1;
    private static int s_used;

    /// <summary>Keeps <paramref name="keeper"/> until <see cref="Take"/>. The caller holds the main interpreter's GIL.</summary>
    /// <param name="keeper">The keeper.</param>
    /// <returns>Its slot, as stored in <see cref="ExporterObject.Pin"/>: never zero (zero means "nothing pinned").</returns>
    public static nint Add(object keeper)
    {
        int slot = s_free;
        if (slot >= 0)
        {
            s_free = s_next[slot];
        }
        else
        {
            slot = s_used;
            if (slot == s_keepers.Length)
            {
                Array.Resize(ref s_keepers, slot * 2);
                Array.Resize(ref s_next, slot * 2);
            }

            s_used = slot + 1;
        }

        s_keepers[slot] = keeper;
        return slot + 1;
    }

    /// <summary>Gives back the keeper of a slot and frees the slot. The caller holds the main interpreter's GIL.</summary>
    /// <param name="pin">A value <see cref="Add"/> returned, not taken yet.</param>
    /// <returns>The keeper, or null if the slot holds none (a damaged object: nothing is released then).</returns>
    public static object? Take(nint pin)
    {
        nint slot = pin - 1;
        if ((nuint)slot >= (nuint)s_used)
        {
            return null;
        }

        object? keeper = s_keepers[slot];
        if (keeper is null)
        {
            return null; // already free: never put a slot on the free list twice
        }

        s_keepers[slot] = null;
        s_next[slot] = s_free;
        s_free = (int)slot;
        return keeper;
    }
}
