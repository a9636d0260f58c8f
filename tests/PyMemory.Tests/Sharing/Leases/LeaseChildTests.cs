namespace PyMemory.Tests.Sharing.Leases;

public class LeaseChildTests
{
    [Fact]
    public void A_lease_that_outlives_the_interpreter_throws_and_disposes_without_touching_it()
    {
        ChildProcess.Result result = ChildProcess.Run("lease-after-shutdown");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdErr.ShouldBeEmpty(result.ToString());
        string[] lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.ShouldBe(
            ["length: InterpreterFinalizedException", "span: InterpreterFinalizedException", "disposed", "after dispose: ObjectDisposedException"],
            result.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("debug")]
    public void Copied_and_repeatedly_disposed_leases_release_each_buffer_exactly_once(string? pythonMalloc)
    {
        ChildProcess.Result result = ChildProcess.Run("lease-churn", new Dictionary<string, string?> { ["PYTHONMALLOC"] = pythonMalloc });

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdErr.ShouldBeEmpty(result.ToString());
        result.StdOut.Trim().ShouldBe("leases 2796, references restored", result.ToString());
    }

    [Fact]
    public void Copied_and_repeatedly_disposed_leases_release_each_buffer_exactly_once_under_glibc_malloc_checking()
    {
        ChildProcess.Result result = ChildProcess.Run("lease-churn", GlibcMallocCheck.Environment("malloc"));

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdErr.ShouldBeEmpty(result.ToString());
        result.StdOut.Trim().ShouldBe("leases 2796, references restored", result.ToString());
    }
}
