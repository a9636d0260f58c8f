namespace PyMemory;

/// <summary>What <see cref="ThreadSlots{TSlot}"/> needs of a slot: its generation and its free-list link.</summary>
/// <typeparam name="TSlot">The slot type itself.</typeparam>
internal unsafe interface IThreadSlot<TSlot>
    where TSlot : unmanaged, IThreadSlot<TSlot>
{
    /// <summary>Odd while a struct owns the slot, even while it is free; bumped at every rent and every release and
    /// never reset, so a struct whose copy of it differs was released (by itself or by a copy of itself).</summary>
    /// <param name="slot">The slot.</param>
    /// <returns>A reference to the field.</returns>
    static abstract ref ulong GenerationOf(TSlot* slot);

    /// <summary>The next free slot of the owning thread's list (null while rented).</summary>
    /// <param name="slot">The slot.</param>
    /// <returns>A reference to the field.</returns>
    static abstract ref TSlot* NextFreeOf(TSlot* slot);
}
