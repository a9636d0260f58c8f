namespace PyMemory.Tests.UsageExamples;

/// <summary>
/// Tests that count interpreter-wide allocations. Other test classes would allocate in between (the GIL changes hands
/// whenever Python bytecode runs), so xunit runs this collection on its own, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCountingTests : ICollectionFixture<PythonFixture>
{
    public const string Name = "Interpreter-wide allocation counts";
}
