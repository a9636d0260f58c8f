namespace PyMemory.Tracking;

/// <summary>
/// What was allocated after a <see cref="MemoryMark"/> was taken and is still alive, per domain and in total: the leak
/// check ("after 1,000 requests, what is alive that was not before?"). Blocks freed since the mark, whenever they were
/// allocated, do not count.
/// </summary>
public readonly record struct MemoryDiff(DomainLiveFigures Raw, DomainLiveFigures Mem, DomainLiveFigures Obj)
{
    /// <summary>All three domains.</summary>
    public DomainLiveFigures Total => new(Raw.Bytes + Mem.Bytes + Obj.Bytes, Raw.Blocks + Mem.Blocks + Obj.Blocks);

    /// <summary>One domain.</summary>
    /// <param name="domain">The domain.</param>
    /// <returns>Its figures.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="domain"/> is not defined.</exception>
    public DomainLiveFigures this[MemoryDomain domain] => domain switch
    {
        MemoryDomain.Raw => Raw,
        MemoryDomain.Mem => Mem,
        MemoryDomain.Obj => Obj,
        _ => throw new ArgumentOutOfRangeException(nameof(domain), domain, "Not a memory domain."),
    };
}
