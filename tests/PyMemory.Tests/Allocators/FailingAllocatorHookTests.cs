namespace PyMemory.Tests.Allocators;

/// <summary>Fault injection fails allocations of the whole process, so it runs in a child process.</summary>
[Collection(UsesPython.Name)]
public class FailingAllocatorHookTests
{
    [Fact]
    public void Failing_allocations_raise_MemoryError_and_removing_the_hook_restores_allocation()
    {
        ChildProcess.Result result = ChildProcess.Run("failing-hook-memoryerror");

        result.ExitCode.ShouldBe(0, result.ToString());
        string[] lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.Length.ShouldBe(7, result.ToString());
        lines[0].ShouldBe("counted: True", result.ToString());
        lines[1].ShouldBe("middle: MemoryError failures=1 restored=True after=2000", result.ToString());
        lines[2].ShouldBe("past-end: no error failures=0 restored=True after=2000", result.ToString());
        lines[3].ShouldMatch(@"^after-half: MemoryError failures=[1-9][0-9]* restored=True after=2000$", result.ToString());
        lines[4].ShouldBe("large: MemoryError failures=1 restored=True after=2000", result.ToString());
        lines[5].ShouldMatch(@"^everything: MemoryError failures=[1-9][0-9]* restored=True after=2000$", result.ToString());
        lines[6].ShouldBe("final: 2000", result.ToString());
    }
}
