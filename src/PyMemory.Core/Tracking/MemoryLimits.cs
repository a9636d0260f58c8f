namespace PyMemory.Tracking;

/// <summary>
/// Limits on the interpreter's live bytes (<see cref="MemoryTracker.Limits"/>). At a hard limit an allocation returns
/// NULL: Python raises <c>MemoryError</c>, the host keeps running, and raising or removing the limit lets the same code
/// succeed. The soft limit only tells .NET (<see cref="MemoryTracker.SoftLimitExceeded"/>). Null means no limit.
/// </summary>
/// <remarks>Settable, so that configuration binding (also its AOT source generator, which skips init-only properties) can
/// fill it; the tracker copies the limits it is given, so changing this object later changes nothing.</remarks>
public sealed record MemoryLimits
{
    /// <summary>The headroom used when none is given: 256 KiB.</summary>
    public const long DefaultHeadroom = 256 * 1024;

    /// <summary>Hard limit on live bytes of all three domains together.</summary>
    public long? TotalBytes { get; set; }

    /// <summary>Hard limit on the RAW domain's live bytes.</summary>
    public long? RawBytes { get; set; }

    /// <summary>Hard limit on the MEM domain's live bytes.</summary>
    public long? MemBytes { get; set; }

    /// <summary>Hard limit on the OBJ domain's live bytes.</summary>
    public long? ObjBytes { get; set; }

    /// <summary>Soft limit on the total: crossing it upwards raises <see cref="MemoryTracker.SoftLimitExceeded"/> once
    /// (again after live bytes went back below it).</summary>
    public long? SoftTotalBytes { get; set; }

    /// <summary>Raising <c>MemoryError</c> allocates too (the exception's traceback), so after a refusal the refused
    /// thread may go this many bytes above a hard limit, never more. Also applies to <see cref="MemoryBudgetScope"/>.</summary>
    public long HeadroomBytes { get; set; } = DefaultHeadroom;

    /// <summary>The hard limit of one domain.</summary>
    /// <param name="domain">The domain.</param>
    /// <returns>Its limit, or null.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="domain"/> is not defined.</exception>
    public long? Of(MemoryDomain domain) => domain switch
    {
        MemoryDomain.Raw => RawBytes,
        MemoryDomain.Mem => MemBytes,
        MemoryDomain.Obj => ObjBytes,
        _ => throw new ArgumentOutOfRangeException(nameof(domain), domain, "Not a memory domain."),
    };

    /// <summary>A copy that later changes to this object do not reach.</summary>
    internal MemoryLimits Copy() => this with { };

    internal void Validate()
    {
        Positive(TotalBytes, nameof(TotalBytes));
        Positive(RawBytes, nameof(RawBytes));
        Positive(MemBytes, nameof(MemBytes));
        Positive(ObjBytes, nameof(ObjBytes));
        Positive(SoftTotalBytes, nameof(SoftTotalBytes));
        if (HeadroomBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(HeadroomBytes), HeadroomBytes, "The headroom is a number of bytes, 0 or more.");
        }
    }

    private static void Positive(long? value, string name)
    {
        if (value is <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "A limit is a positive number of bytes; use null for no limit.");
        }
    }
}
