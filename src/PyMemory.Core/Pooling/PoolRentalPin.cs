using System.Buffers;

namespace PyMemory;

/// <summary>The pinnable of one pin of a <see cref="PoolRental"/>: <see cref="MemoryHandle"/> is a struct, and every copy
/// of one calls Unpin when disposed, so the token releases its pin once and ignores the rest.</summary>
internal sealed class PoolRentalPin(PoolRental rental) : IPinnable
{
    private int _released;

    /// <summary>Pins the same memory again, as a new pin with a token of its own.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="elementIndex"/> is outside the memory.</exception>
    /// <exception cref="ObjectDisposedException">The rental was returned.</exception>
    public MemoryHandle Pin(int elementIndex) => rental.Pin(elementIndex);

    public void Unpin()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            rental.ReleasePin();
        }
    }
}
