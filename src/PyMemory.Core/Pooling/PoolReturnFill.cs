namespace PyMemory;

/// <summary>What a <see cref="PyMemoryPool"/> writes over a block when it is returned, before the next renter can get it
/// (<see cref="PyMemoryPoolOptions.ReturnFill"/>).</summary>
public enum PoolReturnFill
{
    /// <summary>Nothing: the next renter sees what the last one left (the fastest; as <c>ArrayPool</c> does).</summary>
    None = 0,

    /// <summary>Zeroes: no renter ever sees another renter's data.</summary>
    Zero = 1,

    /// <summary><see cref="PyMemoryPoolOptions.PoisonByte"/> in every byte: data read through a stale pointer or span
    /// after the return is recognizable.</summary>
    Poison = 2,
}
