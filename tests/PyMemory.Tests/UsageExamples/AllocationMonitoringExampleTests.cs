using PyMemory.Sample.Examples;

namespace PyMemory.Tests.UsageExamples;

[Collection(AllocationCountingTests.Name)]
public class AllocationMonitoringExampleTests
{
    [Fact]
    public void Filling_a_1000_item_list_allocates_a_block_per_int_and_releasing_it_frees_them()
    {
        var log = new StringWriter();

        (long before, long afterFill, long afterRelease) = AllocationMonitoringExample.Run(log);

        // One pymalloc block per int object (values above 256 are never shared).
        (afterFill - before).ShouldBeGreaterThanOrEqualTo(AllocationMonitoringExample.ItemCount, log.ToString());
        (afterFill - afterRelease).ShouldBeGreaterThanOrEqualTo(AllocationMonitoringExample.ItemCount, log.ToString());
        Math.Abs(afterRelease - before).ShouldBeLessThan(AllocationMonitoringExample.ItemCount / 10, log.ToString());
    }
}
