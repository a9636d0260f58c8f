namespace PyMemory.Tests.Infrastructure;

/// <summary>The check that stops the run before any test when PYMEMORY_TEST_LIBPYTHON names a missing library
/// (<see cref="TestRunGuard"/>); the stop itself cannot be observed from inside the run it stops.</summary>
public class TestPythonTests
{
    private const string Missing = "/nonexistent/libpython3.12.so";

    [Fact]
    public void A_missing_file_is_named_with_the_variable_and_what_to_do()
    {
        string? problem = TestPython.ProblemWith(Missing, _ => false, _ => false);

        problem.ShouldBe($"PYMEMORY_TEST_LIBPYTHON is set to '{Missing}', which is not found. Set PYMEMORY_TEST_LIBPYTHON to "
            + "the path of a CPython shared library (for example <prefix>/lib/libpython3.12.so), or unset it to let "
            + "PyMemory's discovery choose. No tests were run.");
    }

    [Fact]
    public void A_folder_is_refused_as_a_folder()
    {
        TestPython.ProblemWith("/usr/lib", _ => false, _ => true)!.ShouldContain("'/usr/lib', which is a folder, not a library file");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Unset_or_blank_lets_discovery_choose(string? value)
    {
        TestPython.ProblemWith(value, _ => false, _ => false).ShouldBeNull();
    }

    [Fact]
    public void An_existing_file_passes_and_only_its_existence_is_judged()
    {
        TestPython.ProblemWith(Missing, path => path == Missing, _ => false).ShouldBeNull();
    }

    [Fact]
    public void A_bare_library_name_is_left_to_the_dynamic_linkers_search_path()
    {
        TestPython.ProblemWith("libpython3.11.so.1.0", _ => false, _ => false).ShouldBeNull();
    }

    [Fact]
    public void The_run_under_test_passed_the_check()
    {
        // This test runs, so the guard let the run through: the variable is unset, blank, or names a file.
        TestPython.ProblemWith(TestPython.LibraryPath, File.Exists, Directory.Exists).ShouldBeNull();
    }
}
