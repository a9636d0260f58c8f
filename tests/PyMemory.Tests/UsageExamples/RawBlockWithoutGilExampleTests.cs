using PyMemory.Sample.Examples;

namespace PyMemory.Tests.UsageExamples;

[Collection(UsesPython.Name)]
public class RawBlockWithoutGilExampleTests
{
    [Fact]
    public void Raw_block_is_allocated_resized_and_freed_without_the_gil()
    {
        var log = new StringWriter();

        var result = RawBlockWithoutGilExample.Run(log);

        result.GilHeld.ShouldBeFalse();
        result.FirstLength.ShouldBe(1024);
        result.ResizedLength.ShouldBe(2048);
        result.ContentsKept.ShouldBeTrue();
        result.Freed.ShouldBeTrue();
        log.ToString().ShouldContain("1024 -> 2048");
    }
}
