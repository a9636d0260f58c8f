using PyMemory.Sample.Examples;

namespace PyMemory.Tests.UsageExamples;

[Collection(UsesPython.Name)]
public class PyMemUnderGilExampleTests
{
    [Fact]
    public void Python_domain_block_of_512_bytes_is_used_under_a_gil_scope()
    {

        var result = PyMemUnderGilExample.Run(TextWriter.Null);

        result.Length.ShouldBe(512);
        result.GilHeld.ShouldBeTrue();
        result.Sum.ShouldBe(Enumerable.Range(0, 512).Sum(i => i % 7));
        GilScope.IsHeld.ShouldBeFalse(); // the example's scope is over
    }
}
