using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PyMemory.Interop;

namespace PyMemory;

/// <summary>
/// The native memory one <see cref="PyBufferLease"/> lives in: the <see cref="Py_buffer"/> that
/// <c>PyObject_GetBuffer</c> filled, what was learnt from it once at entry, and the generation that tells a lease (or a
/// copy of one) whether the slot is still its own. Slots are pooled per thread (<see cref="ThreadSlots{TSlot}"/>) and never
/// freed while their thread lives, so reading <see cref="Generation"/> through a stale lease reads valid memory.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LeaseSlot : IThreadSlot<LeaseSlot>
{
    /// <summary>First, so that its address is the slot's; it must not move while exported (exporters may point
    /// <c>shape</c> and <c>strides</c> into it).</summary>
    public Py_buffer View;

    /// <summary>Odd while a lease owns the slot, even while it is free; bumped at every rent and every release, never
    /// reused, so a lease whose copy of it differs was released (by itself or by a copy of itself).</summary>
    public ulong Generation;

    /// <summary>The next free slot of the owning thread's list (null while rented).</summary>
    public LeaseSlot* NextFree;

    /// <summary><see cref="Py_buffer.shape"/>, or <see cref="OwnShape"/> when the exporter gave none.</summary>
    public nint* Shape;

    /// <summary><see cref="Py_buffer.strides"/>, or <see cref="OwnStrides"/> (C-order) when the exporter gave none.</summary>
    public nint* Strides;

    /// <summary>The number of dimensions <see cref="Shape"/> and <see cref="Strides"/> hold (<c>View.ndim</c>, or 1
    /// when the exporter gave no shape).</summary>
    public int Dimensions;

    /// <summary>The element type the format names, parsed once at entry.</summary>
    public BufferElement Element;

    /// <summary>True when the lease was entered writable (the exporter then promised writable memory).</summary>
    public bool Writable;

    /// <summary>True when the memory is C-contiguous: the one layout Span views allow.</summary>
    public bool CContiguous;

    /// <summary>The one-dimensional shape (<c>len / itemsize</c>) of an exporter that gave no shape.</summary>
    public nint OwnShape;

    /// <summary>C-order strides of an exporter that gave none (up to <c>PyBUF_MAX_NDIM</c> dimensions).</summary>
    public NativeDimensions OwnStrides;

    /// <inheritdoc />
    public static ref ulong GenerationOf(LeaseSlot* slot) => ref slot->Generation;

    /// <inheritdoc />
    public static ref LeaseSlot* NextFreeOf(LeaseSlot* slot) => ref slot->NextFree;

    /// <summary>Room for <see cref="MaxDimensions"/> <c>Py_ssize_t</c> values.</summary>
    [InlineArray(MaxDimensions)]
    public struct NativeDimensions
    {
        private nint _first;
    }

    /// <summary><c>PyBUF_MAX_NDIM</c>: CPython refuses more dimensions than this (64, the same in 3.8 to 3.14).</summary>
    public const int MaxDimensions = 64;
}
