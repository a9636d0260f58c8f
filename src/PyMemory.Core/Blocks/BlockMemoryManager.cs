using System.Buffers;

namespace PyMemory;

/// <summary>
/// Exposes a window of a <see cref="NativeBlock"/> as <see cref="Memory{T}"/> without copying. Pinning adds a
/// reference to the block's handle (so Dispose defers the free until the last pin is gone) and unpinning removes it.
/// The manager owns nothing itself: disposing it does nothing, the block stays the owner.
/// </summary>
internal sealed unsafe class BlockMemoryManager : MemoryManager<byte>
{
    private readonly NativeBlock _block;
    private readonly long _offset;
    private readonly int _length;
    private readonly int _generation;

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

        return new MemoryHandle((byte*)_block.Pointer + _offset + elementIndex, default, this);
    }

    public override void Unpin()
    {
        _block.RemovePin();
        _block.DangerousRelease();
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
