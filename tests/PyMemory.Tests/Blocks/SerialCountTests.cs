namespace PyMemory.Tests.Blocks;

/// <summary>
/// Tests that read process-wide counters (live handles, reported memory pressure): any other test that allocates
/// would move them, so these run one at a time and never alongside other test classes, each after settling the
/// finalizer queue that earlier tests left behind.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCountTests : ICollectionFixture<PythonFixture>
{
    public const string Name = "Process-wide handle counters (not parallel)";

    /// <summary>Runs every pending finalizer, so that handles other tests dropped are counted released before a test
    /// takes its baseline.</summary>
    public static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
