namespace PyMemory.Tracking;

/// <summary>Raised when live bytes cross <see cref="MemoryLimits.SoftTotalBytes"/> upwards.</summary>
public sealed class SoftLimitExceededEventArgs : EventArgs
{
    internal SoftLimitExceededEventArgs(long softLimitBytes, MemorySnapshot snapshot)
    {
        SoftLimitBytes = softLimitBytes;
        Snapshot = snapshot;
    }

    /// <summary>The soft limit that was crossed.</summary>
    public long SoftLimitBytes { get; }

    /// <summary>The figures just after the crossing was seen.</summary>
    public MemorySnapshot Snapshot { get; }
}
