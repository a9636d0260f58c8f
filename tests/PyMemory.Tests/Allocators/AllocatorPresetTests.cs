using PyMemory.Interop;

namespace PyMemory.Tests.Allocators;

/// <summary>Each PYTHONMALLOC preset in a process of its own, as PyMemory describes it.</summary>
[Collection(UsesPython.Name)]
public class AllocatorPresetTests
{
    [Theory]
    [InlineData("pymalloc", "pymalloc", false, true)]
    [InlineData("debug", "pymalloc_debug", true, true)]
    [InlineData("malloc", "malloc", false, false)]
    [InlineData("malloc_debug", "malloc_debug", true, false)]
    public void A_preset_is_described_by_name_with_its_debug_hooks_and_pymalloc_statistics(string pythonMalloc, string name, bool debug, bool pymalloc)
    {
        ChildProcess.Result result = ChildProcess.Run("describe-allocators", new Dictionary<string, string?> { ["PYTHONMALLOC"] = pythonMalloc });

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdOut.ShouldContain($"name: {name}\n", Case.Sensitive, result.ToString());
        result.StdOut.ShouldContain($"preset: {name}\n");
        result.StdOut.ShouldContain($"debug: {debug}\n");
        result.StdOut.ShouldContain($"pymalloc: {pymalloc}\n");
        result.StdOut.ShouldContain($"report: {pymalloc} {pymalloc}\n");
        result.StdOut.ShouldContain($"blocks positive: {pymalloc}\n");
        result.StdOut.ShouldContain(debug ? "ensure: ok" : "ensure: refused");
    }

    [Fact]
    public void Mimalloc_is_recognized_from_3_13_and_unknown_before()
    {
        PythonVersion version = TestPython.Ensure().Library.Version;

        ChildProcess.Result result = ChildProcess.Run("describe-allocators", new Dictionary<string, string?> { ["PYTHONMALLOC"] = "mimalloc" });

        if (version.IsAtLeast(3, 13))
        {
            result.ExitCode.ShouldBe(0, result.ToString());
            result.StdOut.ShouldContain("name: mimalloc\n", Case.Sensitive, result.ToString());
            result.StdOut.ShouldContain("mimalloc: True\n");
            result.StdOut.ShouldContain("report: True True\n"); // 3.13 reports mimalloc's statistics through the same function
        }
        else
        {
            // Before 3.13 CPython rejects the name at start-up: a fatal error, never a description.
            result.ExitCode.ShouldNotBe(0, result.ToString());
            result.StdErr.ShouldContain("PYTHONMALLOC", Case.Sensitive, result.ToString());
        }
    }
}
