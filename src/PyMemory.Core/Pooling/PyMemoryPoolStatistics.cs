namespace PyMemory;

/// <summary>A snapshot of a <see cref="PyMemoryPool"/>'s figures (<see cref="PyMemoryPool.GetStatistics"/>).</summary>
/// <remarks>Each figure is read on its own, without stopping other threads: a snapshot taken while other threads rent and
/// return may be off by the rents and returns in flight, never by more.</remarks>
public sealed class PyMemoryPoolStatistics
{
    internal PyMemoryPoolStatistics(MemoryDomain domain, IReadOnlyList<PoolSizeClassStatistics> classes, long unpooledRents, long unpooledRentedBlocks, long unpooledRentedBytes)
    {
        Domain = domain;
        Classes = classes;
        UnpooledRents = unpooledRents;
        UnpooledRentedBlocks = unpooledRentedBlocks;
        UnpooledRentedBytes = unpooledRentedBytes;
        foreach (PoolSizeClassStatistics c in classes)
        {
            RentedBlocks += c.RentedBlocks;
            RentedBytes += c.RentedBytes;
            RetainedBlocks += c.RetainedBlocks;
            RetainedBytes += c.RetainedBytes;
            Hits += c.Hits;
            Misses += c.Misses;
        }

        RentedBlocks += unpooledRentedBlocks;
        RentedBytes += unpooledRentedBytes;
    }

    /// <summary>The domain of the pool's blocks.</summary>
    public MemoryDomain Domain { get; }

    /// <summary>Each size class, smallest first.</summary>
    public IReadOnlyList<PoolSizeClassStatistics> Classes { get; }

    /// <summary>Blocks rented and not yet returned, pooled and unpooled.</summary>
    public long RentedBlocks { get; }

    /// <summary>Bytes of the rented blocks (a pooled block counts its whole size class).</summary>
    public long RentedBytes { get; }

    /// <summary>Returned blocks kept for later rents, in all classes.</summary>
    public long RetainedBlocks { get; }

    /// <summary>Bytes of the retained blocks.</summary>
    public long RetainedBytes { get; }

    /// <summary>Rents served by a retained block.</summary>
    public long Hits { get; }

    /// <summary>Rents of a size class that allocated a new block.</summary>
    public long Misses { get; }

    /// <summary>Rents larger than the largest size class (each allocated a block of its own, freed when returned).</summary>
    public long UnpooledRents { get; }

    /// <summary>Unpooled blocks rented and not yet returned.</summary>
    public long UnpooledRentedBlocks { get; }

    /// <summary>Bytes of the unpooled blocks rented now.</summary>
    public long UnpooledRentedBytes { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Domain} pool: {RentedBlocks} rented ({RentedBytes} B), {RetainedBlocks} retained ({RetainedBytes} B), {Hits} hits, {Misses} misses, {UnpooledRents} unpooled rents";
}
