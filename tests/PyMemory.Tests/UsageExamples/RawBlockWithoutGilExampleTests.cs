using PyMemory.Sample.Examples;
using PyMemory.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace PyMemory.Tests.UsageExamples;

public class RawBlockWithoutGilExampleTests
{
    [Fact]
    public void Raw_block_is_allocated_resized_and_freed_without_the_gil()
    {
        TestPython.Ensure();
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
