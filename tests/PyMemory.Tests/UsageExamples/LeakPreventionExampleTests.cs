using PyMemory.Sample.Examples;

namespace PyMemory.Tests.UsageExamples;

[Collection(UsesPython.Name)]
public class LeakPreventionExampleTests
{
    [Fact]
    public void Blocks_are_freed_even_when_the_code_using_them_throws()
    {

        var result = LeakPreventionExample.Run(TextWriter.Null);

        result.ExceptionsCaught.ShouldBe(2);
        result.UsingBlockFreed.ShouldBeTrue();
        result.FinallyBlockFreed.ShouldBeTrue();
    }
}
