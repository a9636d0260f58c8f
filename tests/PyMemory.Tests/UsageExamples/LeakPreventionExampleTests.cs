using PyMemory.Sample.Examples;
using PyMemory.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace PyMemory.Tests.UsageExamples;

public class LeakPreventionExampleTests
{
    [Fact]
    public void Blocks_are_freed_even_when_the_code_using_them_throws()
    {
        TestPython.Ensure();

        var result = LeakPreventionExample.Run(TextWriter.Null);

        result.ExceptionsCaught.ShouldBe(2);
        result.UsingBlockFreed.ShouldBeTrue();
        result.FinallyBlockFreed.ShouldBeTrue();
    }
}
