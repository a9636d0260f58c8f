namespace PyMemory;

/// <summary>Where one <see cref="PoolRental"/> was rented and returned, recorded in diagnostic mode only (see
/// <see cref="PyMemoryPool.SitesOf"/>).</summary>
internal sealed class PoolRentalSites
{
    private string? _returnSite;

    /// <summary>The stack of the rent.</summary>
    public string? RentSite { get; set; }

    /// <summary>The stack of the first return.</summary>
    public string? ReturnSite => Volatile.Read(ref _returnSite);

    /// <summary>Records the stack of a return unless one was recorded: a second return keeps the first's.</summary>
    public void RecordReturn(string site) => _ = Interlocked.CompareExchange(ref _returnSite, site, null);
}
