using System.Buffers;

namespace PyMemory;

/// <summary>
/// Exposes a window of a <see cref="NativeBlock"/> as <see cref="Memory{T}"/> without copying. Pinning adds a
/// reference to the block's handle (so Dispose defers the free until the last pin is gone) and unpinning removes it.
/// The manager owns nothing itself: disposing it does nothing, the block stays the owner.
/// </summary>
/// <remarks>
/// <see cref="MemoryHandle"/> is a struct: every copy of one calls Unpin when disposed. An unpin that no pin paid for
/// would release a handle reference that was never added and free the block while it is still in use, so each pin
/// hands out its own <see cref="PinToken"/>, which unpins at most once, and the manager counts its pins and ignores an
/// <see cref="Unpin"/> beyond them (a caller that got the manager itself from MemoryMarshal.TryGetMemoryManager).
/// </remarks>
internal sealed unsafe class BlockMemoryManager : MemoryManager<byte>, IPinSource
{
    private readonly NativeBlock _block;
    private readonly long _offset;
    private readonly int _length;
    private readonly int _generation;
    private int _pins;

    public BlockMemoryManager(NativeBlock block, long offset, int length, int generation)
    {
        _block = block;
        _offset = offset;
        _length = length;
        _generation = generation;
    }

    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="InvalidOperationException">The block was resized since this memory was taken.</exception>
    public override Span<byte> GetSpan()
    {
        ThrowIfUnusable();
        return new Span<byte>((byte*)_block.Pointer + _offset, _length);
    }

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="elementIndex"/> is outside the memory.</exception>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="InvalidOperationException">The block was resized since this memory was taken.</exception>
    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)elementIndex, (uint)_length, nameof(elementIndex));
        ThrowIfUnusable();
        bool added = false;
        _block.DangerousAddRef(ref added); // throws ObjectDisposedException if the block closed meanwhile
        _block.AddPin();
        Interlocked.Increment(ref _pins);

        return new MemoryHandle((byte*)_block.Pointer + _offset + elementIndex, default, new PinToken(this));
    }

    /// <summary>Releases one pin taken by <see cref="Pin"/>; does nothing when every pin was already released.</summary>
    public override void Unpin() => ReleasePin();

    /// <inheritdoc cref="Unpin"/>
    public void ReleasePin()
    {
        int pins = Volatile.Read(ref _pins);
        while (pins > 0)
        {
            int seen = Interlocked.CompareExchange(ref _pins, pins - 1, pins);
            if (seen == pins)
            {
                _block.RemovePin();
                _block.DangerousRelease();
                return;
            }

            pins = seen;
        }
    }

    protected override void Dispose(bool disposing)
    {
        // Nothing to free: the block owns the memory.
    }

    private void ThrowIfUnusable()
    {
        _block.ThrowIfDisposed();
        if (_block.Generation != _generation)
        {
            throw new InvalidOperationException("The block was resized since this Memory<byte> was taken; its memory may have moved. Take a new one with AsMemory().");
        }
    }
}
