namespace PyMemory.Tests.Sharing.Exports;

/// <summary>The export scenarios that could abort or must own their process: debug hooks watching every free, the
/// interpreter finalized under live views, a subinterpreter.</summary>
public class ExportChildTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("debug")]
    public void Views_released_on_a_Python_thread_free_disposed_blocks_in_their_own_domains(string? pythonMalloc)
    {
        ChildProcess.Result result = ChildProcess.Run("export-lifetime", new Dictionary<string, string?> { ["PYTHONMALLOC"] = pythonMalloc });

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdErr.ShouldNotContain("Fatal Python error", Case.Sensitive, result.ToString());
        result.StdOut.ShouldBe(ExportLifetimeOutput, result.ToString());
    }

    [Fact]
    public void Views_released_on_a_Python_thread_free_each_block_once_under_glibc_malloc_checking()
    {
        // PYTHONMALLOC=malloc: every block of every domain, and every Python object, is a checked glibc chunk, so a
        // double free or the free of memory still exported would abort the child.
        ChildProcess.Result result = ChildProcess.Run("export-lifetime", GlibcMallocCheck.Environment("malloc"));

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdErr.ShouldBeEmpty(result.ToString());
        result.StdOut.ShouldBe(ExportLifetimeOutput, result.ToString());
    }

    /// <summary>What export-lifetime prints: the five owned exports and the two scoped ones Python kept views of.</summary>
    private static string ExportLifetimeOutput =>
        string.Join(Environment.NewLine, "closed-after-dispose=0", "seen=[1, 127, 3, 4.0, 5, 1, 127]", "closed-after-release=5", "pending=0", "");

    [Fact]
    public void After_the_interpreter_is_finalized_nothing_is_touched_and_exports_are_refused()
    {
        ChildProcess.Result result = ChildProcess.Run("export-after-shutdown");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdOut.ShouldBe(
            string.Join(
                Environment.NewLine,
                "shutdown=True",
                "handle-disposed=True",
                "scoped-disposed=True",
                "export-after-shutdown=InterpreterFinalizedException",
                "export-memory-after-shutdown=InterpreterFinalizedException",
                "export-scoped-after-shutdown=InterpreterFinalizedException",
                "exit=clean",
                ""),
            result.ToString());
    }

    [Fact]
    public void An_export_in_a_subinterpreter_is_refused_clearly_and_leaves_nothing_pinned()
    {
        ChildProcess.Result result = ChildProcess.Run("export-subinterpreter");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdOut.ShouldContain("in-subinterpreter=NotSupportedException: Exporting memory to Python is supported in the main interpreter only", Case.Sensitive, result.ToString());
        result.StdOut.ShouldContain("in-main=Buffer", Case.Sensitive, result.ToString());
    }
}
