namespace PyMemory.Tracking;

public sealed partial class MemoryMark
{
    /// <summary>
    /// The allocation sites of the sampled blocks allocated while this mark was open and still alive, largest
    /// estimated live bytes first: where a leak found by <see cref="GetDiff"/> comes from. Names are read now, under the
    /// GIL (taken here if this thread does not hold it).
    /// </summary>
    /// <param name="count">How many sites at most.</param>
    /// <returns>The sites; empty when no young sampled block is alive. Each site's allocated figures count only the
    /// young blocks still alive.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is zero or negative.</exception>
    /// <exception cref="InvalidOperationException">The tracker is not running, or runs with sampling off; or the GIL
    /// cannot be taken on this thread (inside <see cref="GilScope.AllowThreads"/>).</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public IReadOnlyList<AllocationSite> GetTopSites(int count = 10) =>
        MemoryTracker.TopSites(AllocationSiteOrder.LiveBytes, count, _id);
}
