using PyMemory.Allocators;
using PyMemory.Tests.Allocators;

namespace PyMemory.Tests.Runtime;

/// <summary>Start-up options (debug hooks, allocator replacements) given once the interpreter runs. Serial with the
/// allocator tests, because it compares the installed allocators before and after.</summary>
[Collection(SerialAllocatorTests.Name)]
public class StartOptionsTests
{
    [Fact]
    public void Initialize_refuses_start_up_options_on_a_running_interpreter_instead_of_ignoring_them()
    {
        AllocatorSnapshot before = AllocatorSnapshot.Take();

        InvalidOperationException debug = Should.Throw<InvalidOperationException>(
            () => PythonRuntime.Initialize(new PythonRuntimeOptions { EnableDebugHooks = true }));
        InvalidOperationException replace = Should.Throw<InvalidOperationException>(
            () => PythonRuntime.Initialize(new PythonRuntimeOptions
            {
                ReplaceAllocators = new Dictionary<MemoryDomain, AllocatorFunctions>
                {
                    [MemoryDomain.Raw] = PythonAllocators.Get(MemoryDomain.Raw),
                },
            }));

        debug.Message.ShouldContain("already running");
        replace.Message.ShouldContain("already running");
        AllocatorSnapshot.Take().ShouldBe(before); // nothing was touched
    }

    private sealed record AllocatorSnapshot(AllocatorFunctions Raw, AllocatorFunctions Mem, AllocatorFunctions Obj)
    {
        public static AllocatorSnapshot Take() => new(
            PythonAllocators.Get(MemoryDomain.Raw),
            PythonAllocators.Get(MemoryDomain.Mem),
            PythonAllocators.Get(MemoryDomain.Obj));
    }
}
