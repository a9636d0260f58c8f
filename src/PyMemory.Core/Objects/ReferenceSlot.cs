using System.Runtime.InteropServices;

namespace PyMemory;

/// <summary>The native memory of one <see cref="ScopedPyObjectHandle"/>: the reference it owns and the generation that
/// tells it (or a copy of it) whether the reference is still its own. Pooled per thread by
/// <see cref="ThreadSlots{TSlot}"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ReferenceSlot : IThreadSlot<ReferenceSlot>
{
    /// <summary>The owned <c>PyObject*</c> while rented; zero while free.</summary>
    public nint Object;

    /// <summary>See <see cref="IThreadSlot{TSlot}.GenerationOf"/>.</summary>
    public ulong Generation;

    /// <summary>See <see cref="IThreadSlot{TSlot}.NextFreeOf"/>.</summary>
    public ReferenceSlot* NextFree;

    /// <inheritdoc />
    public static ref ulong GenerationOf(ReferenceSlot* slot) => ref slot->Generation;

    /// <inheritdoc />
    public static ref ReferenceSlot* NextFreeOf(ReferenceSlot* slot) => ref slot->NextFree;
}
