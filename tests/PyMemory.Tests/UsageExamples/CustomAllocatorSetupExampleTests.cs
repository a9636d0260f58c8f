using PyMemory.Allocators;
using PyMemory.Sample.Examples;
using PyMemory.Tests.Allocators;

namespace PyMemory.Tests.UsageExamples;

[Collection(SerialAllocatorTests.Name)]
public class CustomAllocatorSetupExampleTests
{
    [Fact]
    public void The_example_observes_allocations_and_restores_the_saved_allocator_exactly()
    {
        AllocatorFunctions before = PythonAllocators.Get(MemoryDomain.Mem);
        AllocatorFunctions beforeObj = PythonAllocators.Get(MemoryDomain.Obj);
        using var log = new StringWriter();

        CustomAllocatorSetupResult result = CustomAllocatorSetupExample.Run(log);

        result.Saved.ShouldBe(before);
        result.RestoredExactly.ShouldBeTrue(log.ToString());
        result.After.ShouldBe(before);
        PythonAllocators.Get(MemoryDomain.Mem).ShouldBe(before);
        PythonAllocators.Get(MemoryDomain.Obj).ShouldBe(beforeObj);
        result.DebugHooksActive.ShouldBe(AllocatorUnderTest.DebugHooks);
        result.AllocationsSeen.ShouldBeGreaterThan(1000);
        result.DescriptionWhileHooked.ShouldBe(AllocatorUnderTest.Described + "; PyMemory hooks: MEM: AllocationCounter, OBJ: AllocationCounter");
        log.ToString().ShouldContain(AllocatorUnderTest.DebugHooks ? "debug hooks are active" : "EnableDebugHooks");
    }
}
