namespace PyMemory.Tests.Diagnostics.Metrics;

/// <summary>The release-queue instrument in a child process, where no other thread can free the queue meanwhile.</summary>
public sealed class ReleaseQueueMetricTests
{
    [Fact]
    public void Blocks_disposed_without_the_GIL_show_in_the_queue_until_the_next_scope_frees_them()
    {
        ChildProcess.Result result = ChildProcess.Run("metrics-release-queue");
        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdOut.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ShouldBe(
        [
            "held queue=0 pymem_block=3",
            "queued queue=3 pymem_block=0",
            "drained queue=0 pymem_block=0",
        ], result.ToString());
    }
}
