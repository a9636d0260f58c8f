namespace PyMemory.Tests.Discovery;

/// <summary>
/// Unusable libraries given to <see cref="PythonRuntime.Initialize"/> in a fresh process: each must end in a
/// PythonLibraryLoadException with a reason (exit code 3 of the scenario), never a native crash or a
/// TypeInitializationException.
/// </summary>
[Collection(UsesPython.Name)]
public class LibraryRejectionTests
{
    [Theory]
    [PyenvLibraryData("3.7", "libpython3.7m.so")]
    [PyenvLibraryData("3.6", "libpython3.6m.so")]
    [PyenvLibraryData("2.7", "libpython2.7.so")]
    public void Python_older_than_3_8_is_refused_with_its_version(string library, string version)
    {
        ChildProcess.Result result = ChildProcess.Run("initialize-path", null, library);

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Value("exception").ShouldBe("PyMemory.Interop.Loading.PythonLibraryLoadException", result.ToString());
        result.StdOut.ShouldContain($"Python {version} is older than 3.8, the oldest version PyMemory supports", Case.Sensitive, result.ToString());
        result.StdOut.ShouldContain("named for PyMemory is not usable");
    }

    [Fact]
    public void Missing_file_is_refused()
    {
        ChildProcess.Result result = ChildProcess.Run("initialize-path", null, "/nonexistent/lib/libpython3.12.so");

        AssertRefused(result, "[ExplicitPath] /nonexistent/lib/libpython3.12.so: file not found");
    }

    [Fact]
    public void Shared_library_that_is_not_python_is_refused()
    {
        // A bare name, found through the linker's search path on any Linux (zlib is part of every base system).
        const string Zlib = "libz.so.1";

        ChildProcess.Result result = ChildProcess.Run("initialize-path", null, Zlib);

        AssertRefused(result, $"[ExplicitPath] {Zlib}: not a CPython library (it does not export Py_GetVersion)");
    }

    [Fact]
    public void Text_file_renamed_so_is_refused()
    {
        using var dir = new TempDirectory();
        string text = dir.WriteFile("libpython3.12.so", "just text\n");

        ChildProcess.Result result = ChildProcess.Run("initialize-path", null, text);

        AssertRefused(result, $"[ExplicitPath] {text}: cannot be loaded: ");
    }

    [Fact]
    public void Directory_is_refused()
    {
        using var dir = new TempDirectory();

        ChildProcess.Result result = ChildProcess.Run("initialize-path", null, dir.Path);

        AssertRefused(result, $"[ExplicitPath] {dir.Path}: is a directory, not a library file");
    }

    private static void AssertRefused(ChildProcess.Result result, string candidateLine)
    {
        result.ExitCode.ShouldBe(3, result.ToString());
        result.Value("exception").ShouldBe("PyMemory.Interop.Loading.PythonLibraryLoadException", result.ToString());
        result.StdOut.ShouldNotContain("TypeInitializationException");
        result.Value("candidates").ShouldBe("1");
        result.StdOut.ShouldContain(candidateLine, Case.Sensitive, result.ToString());
        result.StdOut.ShouldContain("PythonRuntimeOptions.LibraryPath");
        result.StdErr.ShouldBeEmpty(result.ToString());
    }
}
