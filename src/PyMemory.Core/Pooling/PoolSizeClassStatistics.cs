namespace PyMemory;

/// <summary>The figures of one size class of a <see cref="PyMemoryPool"/> (<see cref="PyMemoryPoolStatistics.Classes"/>).</summary>
/// <param name="BlockSize">The size of the class's blocks in bytes.</param>
/// <param name="MaxRetained">The most blocks the class retains.</param>
/// <param name="RentedBlocks">Blocks rented and not yet returned (a returned block that is still pinned counts until the
/// last pin is gone).</param>
/// <param name="RetainedBlocks">Returned blocks the class keeps for later rents.</param>
/// <param name="Hits">Rents served by a retained block.</param>
/// <param name="Misses">Rents that allocated a new block.</param>
public readonly record struct PoolSizeClassStatistics(int BlockSize, int MaxRetained, long RentedBlocks, long RetainedBlocks, long Hits, long Misses)
{
    /// <summary>The bytes of the rented blocks.</summary>
    public long RentedBytes => RentedBlocks * BlockSize;

    /// <summary>The bytes of the retained blocks.</summary>
    public long RetainedBytes => RetainedBlocks * BlockSize;
}
