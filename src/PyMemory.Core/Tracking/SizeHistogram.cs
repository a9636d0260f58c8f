namespace PyMemory.Tracking;

/// <summary>
/// How many allocations of each size a domain has seen, in powers of two (<see cref="MemoryTracker.GetSizeHistogram"/>):
/// bucket 0 counts 0-byte requests and bucket <c>k</c> counts requests of <c>2^(k-1)</c> to <c>2^k - 1</c> bytes
/// (so bucket 5 is 16-31 bytes); the last bucket also holds everything larger.
/// </summary>
public sealed class SizeHistogram
{
    /// <summary>The number of buckets.</summary>
    public const int BucketCount = 64;

    private readonly long[] _counts;

    internal SizeHistogram(MemoryDomain domain, long[] counts)
    {
        Domain = domain;
        _counts = counts;
    }

    /// <summary>The domain counted.</summary>
    public MemoryDomain Domain { get; }

    /// <summary>Allocations per bucket.</summary>
    public IReadOnlyList<long> Counts => _counts;

    /// <summary>All allocations counted.</summary>
    public long Total => _counts.Sum();

    /// <summary>The smallest request size bucket <paramref name="bucket"/> holds.</summary>
    /// <param name="bucket">0 to <see cref="BucketCount"/> - 1.</param>
    /// <returns>Its lower bound in bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bucket"/> is outside 0 to <see cref="BucketCount"/> - 1.</exception>
    public static long LowerBound(int bucket)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bucket);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bucket, BucketCount);
        return bucket == 0 ? 0 : 1L << (bucket - 1);
    }
}
