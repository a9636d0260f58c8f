namespace PyMemory.Tests.Blocks;

/// <summary>Under the debug hooks, in a child process: pins released in reverse order on a thread without the GIL
/// keep a disposed block's memory exactly until the last one, whose free is queued and then drained.</summary>
[Collection(UsesPython.Name)]
public class ReversePinsChildTests
{
    [Theory]
    [MemberData(nameof(TestBlocks.GilDomains), MemberType = typeof(TestBlocks))]
    public void The_memory_lives_until_the_last_unpin_and_is_freed_when_its_queued_free_is_drained(MemoryDomain domain)
    {
        ChildProcess.Result result = ChildProcess.Run(
            "block-debug-reverse-pins", new Dictionary<string, string?> { ["PYTHONMALLOC"] = "debug" }, domain.ToString());

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdErr.ShouldBeEmpty(result.ToString());
        string nl = Environment.NewLine;
        result.StdOut.ShouldBe($"after-second=42{nl}after-first=42 pending=1{nl}drained=1 after-drain=DD{nl}", result.ToString());
    }
}
