namespace PyMemory.Tracking;

/// <summary>How the tracker runs (<see cref="MemoryTracker.Start"/>, or <see cref="PythonRuntimeOptions.Tracking"/> to
/// track from the interpreter's start).</summary>
/// <remarks>Settable, so that configuration binding (also its AOT source generator, which skips init-only properties) and
/// <c>IOptions</c> configure lambdas can fill it; the tracker copies it when it starts, so changing it later changes
/// nothing.</remarks>
public sealed class MemoryTrackingOptions
{
    /// <summary>The sampling interval used when none is given: 512 KiB, as in tcmalloc and Go's heap profiler.</summary>
    public const long DefaultSampleInterval = 512 * 1024;

    /// <summary>The mean number of bytes between two sampled allocations (a Poisson process over bytes: large blocks
    /// are sampled in proportion to their size). Each sample records where Python was. 0 turns sampling off.</summary>
    public long SampleInterval { get; set; } = DefaultSampleInterval;

    /// <summary>How many Python frames each sample keeps, innermost first (1 to 128; default 16).</summary>
    public int MaxFrames { get; set; } = 16;

    /// <summary>How far a thread's live bytes may drift before the shared totals behind
    /// <see cref="DomainMemoryFigures.PeakLiveBytes"/> and <see cref="MemoryLimits"/> see it (default 64 KiB). Live bytes
    /// are always exact; the peak and the limits are exact to within this much per other allocating thread. 0 makes
    /// them exact too, at the cost of one atomic operation per allocator call.</summary>
    public long PeakResolution { get; set; } = 64 * 1024;

    /// <summary>Limits to apply from the start (also settable later through <see cref="MemoryTracker.Limits"/>).</summary>
    public MemoryLimits? Limits { get; set; }

    /// <summary>A copy that later changes to this object do not reach.</summary>
    internal MemoryTrackingOptions Copy() => new()
    {
        SampleInterval = SampleInterval,
        MaxFrames = MaxFrames,
        PeakResolution = PeakResolution,
        Limits = Limits?.Copy(),
    };

    internal void Validate()
    {
        if (SampleInterval < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SampleInterval), SampleInterval, "The sampling interval is a number of bytes, 0 (off) or more.");
        }

        if (MaxFrames is < 1 or > 128)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFrames), MaxFrames, "Keep 1 to 128 frames per sample.");
        }

        if (PeakResolution < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(PeakResolution), PeakResolution, "The peak resolution is a number of bytes, 0 (exact) or more.");
        }

        Limits?.Validate();
    }
}
