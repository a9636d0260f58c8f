using PyMemory.Cli.Options;
using PyMemory.Cli.Rendering;
using PyMemory.Cli.Reports;

namespace PyMemory.Tests.Cli;

public sealed class ByteSizeTests
{
    [Theory]
    [InlineData("4096", 4096)]
    [InlineData("0", 0)]
    [InlineData("512B", 512)]
    [InlineData("64KiB", 64 * 1024)]
    [InlineData("64 kib", 64 * 1024)]
    [InlineData("256MiB", 256L << 20)]
    [InlineData("1.5GiB", 3L << 29)]
    [InlineData("2TiB", 2L << 40)]
    [InlineData("64KB", 64_000)]
    [InlineData("500MB", 500_000_000)]
    [InlineData("2GB", 2_000_000_000)]
    [InlineData("1.0005KB", 1000)] // rounded down to whole bytes
    public void Parses_binary_and_decimal_units(string text, long expected)
    {
        ByteSize.TryParse(text, out long bytes, out string error).ShouldBeTrue(error);
        bytes.ShouldBe(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("MiB")]
    [InlineData("12XB")]
    [InlineData("-1")]
    [InlineData("1,5MiB")]
    [InlineData("1.2.3")]
    [InlineData("10000000TiB")]
    public void Refuses_what_is_not_a_size(string text)
    {
        ByteSize.TryParse(text, out _, out string error).ShouldBeFalse();
        error.ShouldContain(text);
    }

    [Theory]
    [InlineData(0, 0, "0 B")]
    [InlineData(16, 31, "16-31 B")]
    [InlineData(1024, 2047, "1-2 KiB")]
    [InlineData(512 * 1024, (1024 * 1024) - 1, "512 KiB-1 MiB")]
    [InlineData(1L << 62, long.MaxValue, "4 EiB or more")]
    public void Labels_histogram_buckets(long lower, long upper, string expected) =>
        ConsoleReportWriter.BucketLabel(new HistogramBucket(lower, upper, 1)).ShouldBe(expected);
}
