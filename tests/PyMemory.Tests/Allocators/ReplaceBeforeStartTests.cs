namespace PyMemory.Tests.Allocators;

/// <summary>An outright replacement needs a process whose interpreter has not started yet.</summary>
[Collection(UsesPython.Name)]
public class ReplaceBeforeStartTests
{
    [Fact]
    public void A_RAW_allocator_replaced_before_start_serves_Python_and_later_replacement_is_refused()
    {
        ChildProcess.Result result = ChildProcess.Run("replace-before-start");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdOut.ShouldContain("used: True");
        result.StdOut.ShouldContain("raw is replacement: True");
        result.StdOut.ShouldContain("debug: False");
        result.StdOut.ShouldContain("replace option after start: InvalidOperationException", Case.Sensitive, result.ToString());
    }

    [Fact]
    public void Debug_hooks_are_set_up_again_on_top_of_a_replacement()
    {
        ChildProcess.Result result = ChildProcess.Run("replace-before-start", null, "debug");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdOut.ShouldContain("used: True");
        result.StdOut.ShouldContain("raw is replacement: False"); // the debug hooks wrap it
        result.StdOut.ShouldContain("debug: True", Case.Sensitive, result.ToString());
    }
}
