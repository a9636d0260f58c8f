namespace PyMemory.Tracking;

/// <summary>Live bytes and blocks of one domain within a <see cref="MemoryDiff"/> or a <see cref="MemoryBudgetScope"/>.</summary>
/// <param name="Bytes">Requested bytes of the blocks.</param>
/// <param name="Blocks">The blocks.</param>
public readonly record struct DomainLiveFigures(long Bytes, long Blocks);
