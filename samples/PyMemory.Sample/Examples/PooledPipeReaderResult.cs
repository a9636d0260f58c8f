namespace PyMemory.Sample.Examples;

/// <summary>What <see cref="PooledPipeReaderExample"/> found: the digest .NET computed over the segments and the one
/// Python computed over the same memory, the header Python parsed, and the pool's figures.</summary>
public sealed record PooledPipeReaderResult(
    string DotNetSha256,
    string PythonSha256,
    string Magic,
    long RecordCount,
    long FirstValue,
    long BytesSeenByPython,
    int Segments,
    PyMemoryPoolStatistics Pool)
{
    /// <summary>One line for the sample's output.</summary>
    public string Summary =>
        $"{Segments} segments, {BytesSeenByPython} bytes read by Python in place; SHA-256 {(DotNetSha256 == PythonSha256 ? "equal" : "DIFFERENT")} in .NET and Python; "
        + $"header {Magic}/{RecordCount}/{FirstValue:X8}; pool: {Pool.Misses} blocks allocated, {Pool.Hits} reused, {Pool.RentedBlocks} still rented";
}
