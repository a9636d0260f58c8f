using PyMemory.Interop.Loading;
using PyMemory.Interop.Loading.Rules;

namespace PyMemory.Tests.Discovery;

/// <summary>
/// The cache of interpreter answers, with a fake interpreter: a shell script that reports a library file and counts
/// its runs, so that every test can tell a cached answer from a fresh query. Each test has its own cache folder
/// (<c>XDG_CACHE_HOME</c>).
/// </summary>
public sealed class DiscoveryCacheTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _library;
    private readonly string _runs;
    private readonly Dictionary<string, string> _environment;

    public DiscoveryCacheTests()
    {
        _library = _dir.WriteFile("lib/libpython3.99.so", "not a library: the query only reports paths");
        _runs = _dir.Combine("runs.txt");
        _environment = new() { ["XDG_CACHE_HOME"] = _dir.Combine("cache"), ["HOME"] = _dir.Combine("home") };
    }

    private int Runs => File.Exists(_runs) ? File.ReadAllLines(_runs).Length : 0;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Repeat_query_is_answered_from_the_cache_without_running_the_interpreter()
    {
        string python = FakeInterpreter("python3", _library);

        IReadOnlyList<string> first = Query(python);
        IReadOnlyList<string> second = Query(python); // a new query and cache object, as in the next process

        first.ShouldBe([_library]);
        second.ShouldBe([_library]);
        Runs.ShouldBe(1);
        File.Exists(Cache().EntryPath(python)).ShouldBeTrue();
        Directory.GetFiles(Cache().Directory, "*.tmp").ShouldBeEmpty();
    }

    [Fact]
    public void Executable_the_interpreter_reports_is_remembered_with_its_libraries()
    {
        string real = _dir.WriteFile("real/bin/python3.99", "");
        string python = FakeInterpreter("python3", _library, executable: real);

        InterpreterAnswer first = Ask(python);
        InterpreterAnswer second = Ask(python);

        first.Executable.ShouldBe(real);
        second.Executable.ShouldBe(real);
        second.Libraries.ShouldBe([_library]);
        Runs.ShouldBe(1);
    }

    [Fact]
    public void Remembered_executable_that_is_gone_invalidates_the_entry()
    {
        string real = _dir.WriteFile("real/bin/python3.99", "");
        string python = FakeInterpreter("python3", _library, executable: real);
        _ = Ask(python);

        File.Delete(real);

        Ask(python).Executable.ShouldBeNull(); // asked again, and a sys.executable that does not exist is not used
        Runs.ShouldBe(2);
    }

    [Fact]
    public void Cache_folder_is_XDG_CACHE_HOME_else_HOME_dot_cache_and_a_relative_XDG_CACHE_HOME_is_ignored()
    {
        Cache().Directory.ShouldBe(Path.Combine(_dir.Combine("cache"), "pymemory"));

        _environment["XDG_CACHE_HOME"] = "relative/cache";
        Cache().Directory.ShouldBe(Path.Combine(_dir.Combine("home"), ".cache", "pymemory"));

        _environment.Remove("XDG_CACHE_HOME");
        _environment.Remove("HOME");
        DiscoveryCache.For(name => _environment.GetValueOrDefault(name)).ShouldBeNull();
    }

    [Fact]
    public void Changed_modification_time_invalidates_the_entry()
    {
        string python = FakeInterpreter("python3", _library);
        _ = Query(python);

        File.SetLastWriteTimeUtc(python, File.GetLastWriteTimeUtc(python).AddMinutes(1));

        Query(python).ShouldBe([_library]);
        Runs.ShouldBe(2);
    }

    [Fact]
    public void Changed_size_invalidates_the_entry_even_with_the_same_modification_time()
    {
        string python = FakeInterpreter("python3", _library);
        _ = Query(python);
        DateTime modified = File.GetLastWriteTimeUtc(python);

        File.AppendAllText(python, "# one more line\n");
        File.SetLastWriteTimeUtc(python, modified);

        Query(python).ShouldBe([_library]);
        Runs.ShouldBe(2);
    }

    [Fact]
    public void Link_pointing_to_another_interpreter_invalidates_the_entry()
    {
        string other = _dir.WriteFile("lib/libpython3.98.so", "another");
        string first = FakeInterpreter("python-a", _library);
        string second = FakeInterpreter("python-b", other);
        File.SetLastWriteTimeUtc(second, File.GetLastWriteTimeUtc(first)); // same size and time: only the target differs
        string link = _dir.Combine("bin", "python3");
        File.CreateSymbolicLink(link, first);
        Query(link).ShouldBe([_library]);

        File.Delete(link);
        File.CreateSymbolicLink(link, second);

        Query(link).ShouldBe([other]);
        Runs.ShouldBe(2);
    }

    [Fact]
    public void Changed_PYTHONHOME_or_PYTHONPATH_invalidates_the_entry()
    {
        string python = FakeInterpreter("python3", _library);
        _ = Query(python);

        _environment["PYTHONHOME"] = "/somewhere";
        _ = Query(python);
        _environment["PYTHONPATH"] = "/elsewhere";
        _ = Query(python);
        _ = Query(python);

        Runs.ShouldBe(3);
    }

    [Fact]
    public void Remembered_library_that_is_gone_invalidates_the_entry()
    {
        string python = FakeInterpreter("python3", _library);
        _ = Query(python);

        File.Delete(_library);

        Query(python).ShouldBeEmpty();
        Runs.ShouldBe(2);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage\n")]
    [InlineData("pymemory-discovery-cache 2\ninterpreter=/elsewhere\n")]
    public void Corrupt_entry_falls_back_to_asking_and_is_rewritten(string content)
    {
        string python = FakeInterpreter("python3", _library);
        _ = Query(python);
        File.WriteAllText(Cache().EntryPath(python), content + "library=" + _library + "\n");

        Query(python).ShouldBe([_library]);
        Query(python).ShouldBe([_library]);

        Runs.ShouldBe(2);
    }

    [Fact]
    public void Entry_with_a_foreign_line_after_the_stamp_is_ignored()
    {
        string python = FakeInterpreter("python3", _library);
        _ = Query(python);
        File.AppendAllText(Cache().EntryPath(python), "not-a-library-line\n");

        Query(python).ShouldBe([_library]);
        Runs.ShouldBe(2);
    }

    [Fact]
    public void Unwritable_cache_never_fails_and_asks_every_time()
    {
        string python = FakeInterpreter("python3", _library);
        _environment["XDG_CACHE_HOME"] = _dir.WriteFile("a-file", "the cache folder cannot be made under a file");

        Query(python).ShouldBe([_library]);
        Query(python).ShouldBe([_library]);

        Runs.ShouldBe(2);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("off")]
    [InlineData("FALSE")]
    [InlineData("no")]
    public void Opt_out_variable_switches_the_cache_off(string value)
    {
        string python = FakeInterpreter("python3", _library);
        _environment[DiscoveryCache.OptOutVariable] = value;

        DiscoveryCache.For(name => _environment.GetValueOrDefault(name)).ShouldBeNull();
        _ = Query(python);
        _ = Query(python);

        Runs.ShouldBe(2);
        Directory.Exists(_dir.Combine("cache")).ShouldBeFalse();
    }

    [Fact]
    public void Failed_query_is_not_remembered()
    {
        string python = FakeInterpreter("python3", _library, exitCode: 1);

        Query(python).ShouldBeEmpty();
        Query(python).ShouldBeEmpty();

        Runs.ShouldBe(2);
    }

    [Fact]
    public void Folder_keeps_at_most_the_newest_entries()
    {
        DiscoveryCache cache = Cache();
        Directory.CreateDirectory(cache.Directory);
        for (int i = 0; i < DiscoveryCache.MaxEntries + 10; i++)
        {
            string stale = Path.Combine(cache.Directory, $"interpreter-stale{i:D3}.txt");
            File.WriteAllText(stale, "old");
            File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddDays(-1).AddMinutes(i));
        }

        string python = FakeInterpreter("python3", _library);
        _ = Query(python);

        string[] left = Directory.GetFiles(cache.Directory, "interpreter-*.txt");
        left.Length.ShouldBe(DiscoveryCache.MaxEntries);
        left.ShouldContain(cache.EntryPath(python));
        left.ShouldNotContain(Path.Combine(cache.Directory, "interpreter-stale000.txt"));
    }

    private DiscoveryCache Cache() => DiscoveryCache.For(name => _environment.GetValueOrDefault(name))!;

    private IReadOnlyList<string> Query(string interpreter) => Ask(interpreter).Libraries;

    private InterpreterAnswer Ask(string interpreter) =>
        new InterpreterQuery(DiscoveryCache.For(name => _environment.GetValueOrDefault(name))).Ask(interpreter);

    /// <summary>A shell script standing for a python executable: counts its runs, prints one library path.</summary>
    private string FakeInterpreter(string name, string library, int exitCode = 0, string? executable = null)
    {
        string script = _dir.WriteFile(
            Path.Combine("bin", name),
            $"#!/bin/sh\necho run >> '{_runs}'\n{(executable is null ? "" : $"echo 'executable={executable}'\n")}echo '{library}'\nexit {exitCode}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return script;
    }
}
