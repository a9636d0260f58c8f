using PyMemory.Sample.Examples;

namespace PyMemory.Tests.UsageExamples;

[Collection(UsesPython.Name)]
public sealed class LeakCheckExampleTests
{
    [Fact]
    public void The_mark_finds_one_leaked_buffer_per_request_and_the_budget_refuses_the_greedy_request()
    {
        (PyMemory.Tracking.MemoryDiff survivors, bool refused) = LeakCheckExample.Run(TextWriter.Null);

        // Each request leaks a 512-byte bytearray: its object and its buffer (the buffer is OBJ up to 3.12, MEM on
        // 3.13), plus the cache list's growth. The request's garbage is not counted.
        survivors.Total.Blocks.ShouldBeInRange(2L * LeakCheckExample.Requests, 2L * LeakCheckExample.Requests + 20);
        survivors.Total.Bytes.ShouldBeInRange(513L * LeakCheckExample.Requests, 700L * LeakCheckExample.Requests);
        refused.ShouldBeTrue();
    }
}
