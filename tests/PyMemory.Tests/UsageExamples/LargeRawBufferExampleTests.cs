using PyMemory.Sample.Examples;

namespace PyMemory.Tests.UsageExamples;

[Collection(UsesPython.Name)]
public class LargeRawBufferExampleTests
{
    [Fact]
    public void A_100_MB_raw_buffer_is_filled_and_summed_without_the_gil()
    {

        var result = LargeRawBufferExample.Run(TextWriter.Null);

        long n = 100L * 1024 * 1024 / sizeof(long);
        result.Length.ShouldBe(100L * 1024 * 1024);
        result.ElementCount.ShouldBe(n);
        result.Sum.ShouldBe(n * (n - 1) / 2);
        result.GilHeld.ShouldBeFalse();
    }
}
