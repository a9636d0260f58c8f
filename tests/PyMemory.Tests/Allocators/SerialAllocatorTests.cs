namespace PyMemory.Tests.Allocators;

/// <summary>
/// Tests that install allocator hooks (or start tracemalloc, which installs its own): an allocator is process-wide,
/// so these run one at a time and never alongside other test classes. Exact-call assertions also need that.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialAllocatorTests : ICollectionFixture<PythonFixture>
{
    public const string Name = "Allocator hooks (process-wide, not parallel)";
}
