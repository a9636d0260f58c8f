namespace PyMemory.Tracking;

/// <summary>How <see cref="MemoryTracker.GetTopSites"/> ranks allocation sites.</summary>
public enum AllocationSiteOrder
{
    /// <summary>By the estimated bytes of the site's blocks that are still alive: where memory is held now.</summary>
    LiveBytes = 0,

    /// <summary>By the estimated bytes the site has allocated since sampling started, freed or not: where allocation
    /// work happens.</summary>
    AllocatedBytes = 1,
}
