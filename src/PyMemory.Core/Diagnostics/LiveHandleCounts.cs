namespace PyMemory.Diagnostics;

/// <summary>
/// How many PyMemory handles of each type own native memory or a Python reference at one moment; see
/// <see cref="LiveHandles.Snapshot"/> for what counts as live.
/// </summary>
/// <param name="RawBlocks">Live <see cref="RawBlock"/>s.</param>
/// <param name="PyMemBlocks">Live <see cref="PyMemBlock"/>s.</param>
/// <param name="PyObjectBlocks">Live <see cref="PyObjectBlock"/>s.</param>
/// <param name="PyObjectHandles">Live <see cref="PyObjectHandle"/>s.</param>
public readonly record struct LiveHandleCounts(long RawBlocks, long PyMemBlocks, long PyObjectBlocks, long PyObjectHandles)
{
    /// <summary>The blocks of all three domains together.</summary>
    public long Blocks => RawBlocks + PyMemBlocks + PyObjectBlocks;
}
