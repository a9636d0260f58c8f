using PyMemory.Interop.Loading;

namespace PyMemory.Tests.Discovery;

/// <summary>
/// Checking a single library. Only paths that cannot map a second libpython into this process are tried here; the
/// unsupported Pythons (3.7, 3.6, 2.7) are refused in child processes (<see cref="LibraryRejectionTests"/>).
/// </summary>
[Collection(UsesPython.Name)]
public class PythonLibraryTests
{
    [Fact]
    public void TryOpen_rejects_a_missing_file()
    {
        PythonLibrary.TryOpen("/nonexistent/libpython3.12.so", out PythonLibrary? library, out string failure).ShouldBeFalse();

        library.ShouldBeNull();
        failure.ShouldBe("file not found");
    }

    [Fact]
    public void TryOpen_rejects_a_directory()
    {
        using var dir = new TempDirectory();

        PythonLibrary.TryOpen(dir.Path, out _, out string failure).ShouldBeFalse();

        failure.ShouldBe("is a directory, not a library file");
    }

    [Fact]
    public void TryOpen_rejects_a_text_file_named_like_a_library()
    {
        using var dir = new TempDirectory();
        string text = dir.WriteFile("libpython3.12.so", "this is text, not an ELF shared object\n");

        PythonLibrary.TryOpen(text, out _, out string failure).ShouldBeFalse();

        failure.ShouldStartWith("cannot be loaded: ");
        failure.ShouldContain(text); // dlerror names the file and says why
    }

    [Fact]
    public void TryOpen_rejects_a_shared_library_that_is_not_python()
    {
        const string Zlib = "/usr/lib/x86_64-linux-gnu/libz.so.1";
        File.Exists(Zlib).ShouldBeTrue("this test needs zlib at " + Zlib);

        PythonLibrary.TryOpen(Zlib, out _, out string failure).ShouldBeFalse();

        failure.ShouldBe("not a CPython library (it does not export Py_GetVersion)");
    }

    [Fact]
    public void TryOpen_rejects_an_empty_path()
    {
        PythonLibrary.TryOpen("", out _, out string failure).ShouldBeFalse();

        failure.ShouldBe("empty path");
    }

    [Fact]
    public void Open_throws_PythonLibraryLoadException_naming_the_path_and_the_reason()
    {
        PythonLibraryLoadException e = Should.Throw<PythonLibraryLoadException>(() => PythonLibrary.Open("/nonexistent/libpython3.12.so"));

        e.Message.ShouldBe("'/nonexistent/libpython3.12.so' is not a usable CPython library: file not found.");
        e.Candidates.ShouldHaveSingleItem().Outcome.ShouldBe("file not found");
    }

    [Fact]
    public void Open_throws_ArgumentException_for_an_empty_path()
    {
        Should.Throw<ArgumentException>(() => PythonLibrary.Open(""));
    }

    [Fact]
    public void Open_of_the_library_under_test_reports_the_running_version()
    {
        PythonLibrary library = PythonLibrary.Open(TestInterpreter.LibraryPath);

        library.Version.ShouldBe(PythonRuntime.Version);
        library.VersionText.ShouldStartWith(PythonRuntime.Version.ToString() is var v && v.EndsWith('t') ? v[..^1] : v);
        library.TryGetExport("PyGILState_Ensure", out nint address).ShouldBeTrue();
        address.ShouldNotBe(0);
        library.TryGetExport("No_Such_Symbol_Anywhere", out _).ShouldBeFalse();
    }

    [Fact]
    public void TryOpen_refuses_a_library_named_as_a_free_threaded_build()
    {
        // The library this process runs, under a free-threaded build's file name: refused for that name alone, so the
        // check runs on a real file without a free-threaded Python on the machine.
        using var dir = new TempDirectory();
        string renamed = dir.Combine("libpython3.13t.so.1.0");
        File.CreateSymbolicLink(renamed, TestInterpreter.RealPath(TestInterpreter.LibraryPath));

        PythonLibrary.TryOpen(renamed, out PythonLibrary? library, out string failure).ShouldBeFalse();

        library.ShouldBeNull();
        failure.ShouldBe($"Python {PythonRuntime.Version}t is a free-threaded build, which PyMemory does not support yet (its object header and GIL rules differ)");
    }
}
