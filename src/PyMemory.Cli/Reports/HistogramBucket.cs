namespace PyMemory.Cli.Reports;

/// <summary>A power-of-two size bucket: allocations of <see cref="LowerBytes"/> up to <see cref="UpperBytes"/>.</summary>
/// <param name="LowerBytes">The smallest size counted (inclusive).</param>
/// <param name="UpperBytes">The largest size counted (inclusive).</param>
/// <param name="Count">Allocations of a size in the bucket.</param>
internal sealed record HistogramBucket(long LowerBytes, long UpperBytes, long Count);
