namespace PyMemory.Cli.Reports;

/// <summary>One domain's block size histogram.</summary>
/// <param name="Domain"><c>raw</c>, <c>mem</c> or <c>obj</c>.</param>
/// <param name="Buckets">The buckets that counted at least one block, smallest first.</param>
internal sealed record HistogramReport(string Domain, IReadOnlyList<HistogramBucket> Buckets);
