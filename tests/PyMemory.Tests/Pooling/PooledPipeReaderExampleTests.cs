using System.Security.Cryptography;
using PyMemory.Sample.Examples;

namespace PyMemory.Tests.Pooling;

/// <summary>The sample's <see cref="PooledPipeReaderExample"/>: a PipeReader over pool memory, each segment read by
/// Python in place.</summary>
[Collection(UsesPython.Name)]
public sealed class PooledPipeReaderExampleTests
{
    [Theory]
    [InlineData(100_000, 0)]
    [InlineData(30_000, 1000)]
    public async Task Python_parses_and_hashes_the_segments_in_pool_memory_and_agrees_with_NET(int records, int chunk)
    {
        using MemoryStream data = PooledPipeReaderExample.CreateStream(records);
        string expected = Convert.ToHexStringLower(SHA256.HashData(data.ToArray()));
        using Stream stream = chunk == 0 ? data : new TrickleStream(data, chunk);

        PooledPipeReaderResult result = await PooledPipeReaderExample.RunAsync(TextWriter.Null, stream);

        result.DotNetSha256.ShouldBe(expected);
        result.PythonSha256.ShouldBe(expected);
        result.Magic.ShouldBe(PooledPipeReaderExample.Magic);
        result.RecordCount.ShouldBe(records);
        result.FirstValue.ShouldBe(2654435761);
        result.BytesSeenByPython.ShouldBe(data.Length);
        result.Segments.ShouldBeGreaterThan(1);
        result.Pool.Misses.ShouldBeGreaterThan(0); // the pipe rented its buffers from the pool ...
        result.Pool.Hits.ShouldBeGreaterThan(0); // ... reused them ...
        result.Pool.RentedBlocks.ShouldBe(0); // ... and returned every one
        result.Summary.ShouldContain("equal");
    }
}
