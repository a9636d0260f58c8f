using System.Buffers;

namespace PyMemory;

/// <summary>
/// The pinnable of one pin taken from a PyMemory memory manager (a block's <see cref="BlockMemoryManager"/>, a pool's
/// <see cref="PoolRental"/>): <see cref="MemoryHandle"/> is a struct, and every copy of one calls Unpin when disposed,
/// so the token releases its pin once and ignores the rest. An unpin that no pin paid for would let a block be freed
/// (or rented again) while the pinner still uses it.
/// </summary>
internal sealed class PinToken(IPinSource source) : IPinnable
{
    private int _released;

    /// <summary>Pins the same memory again, as a new pin with a token of its own.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="elementIndex"/> is outside the memory.</exception>
    /// <exception cref="ObjectDisposedException">The memory's owner was disposed (a block) or returned (a rental).</exception>
    /// <exception cref="InvalidOperationException">A block's memory: the block was resized since the memory was taken.</exception>
    public MemoryHandle Pin(int elementIndex) => source.Pin(elementIndex);

    public void Unpin()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            source.ReleasePin();
        }
    }
}
