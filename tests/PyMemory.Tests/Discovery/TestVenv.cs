namespace PyMemory.Tests.Discovery;

/// <summary>
/// A real virtual environment of the Python under test (<c>python -m venv --without-pip</c>), made once per test
/// process, with a <c>venv_marker</c> package in its site-packages; beside it a folder whose <c>python3</c> is another
/// version (when one is installed), standing for whatever <c>python3</c> a service's <c>PATH</c> holds, and a folder
/// with another <c>venv_marker</c> for <c>ExtraSysPath</c>.
/// </summary>
internal sealed class TestVenv
{
    private static readonly Lazy<TestVenv> Instance = new(() => new TestVenv());

    private TestVenv()
    {
        // Lives as long as the test process: deleted when it exits.
        var root = new TempDirectory();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => root.Dispose();
        Directory = root.Combine("venv");
        try
        {
            _ = TestInterpreter.RunExecutable("-m", "venv", "--without-pip", Directory);
        }
        catch (InvalidOperationException e)
        {
            Failure = $"'{TestInterpreter.ExecutablePath} -m venv' failed ({e.Message.Trim()}); Debian/Ubuntu: install python{TestInterpreter.MinorVersion}-venv";
            return;
        }

        string bin = Path.Combine(Directory, "bin");
        Interpreter = new[] { "python" + TestInterpreter.MinorVersion, "python3" }.Select(n => Path.Combine(bin, n)).First(File.Exists);
        string sitePackages = RunIn(Interpreter, "import sysconfig; print(sysconfig.get_paths()['purelib'])");
        WriteMarker(sitePackages, "venv");
        BasePrefix = TestInterpreter.RunExecutable("-c", "import sys; print(sys.base_prefix)");
        ExtraDirectory = root.Combine("extra");
        WriteMarker(ExtraDirectory, "extra");
        EmptyDirectory = root.Combine("empty");
        System.IO.Directory.CreateDirectory(EmptyDirectory);

        OtherBin = root.Combine("other-bin");
        System.IO.Directory.CreateDirectory(OtherBin);
        if (OtherVersionInterpreter() is { } other)
        {
            File.CreateSymbolicLink(Path.Combine(OtherBin, "python3"), other);
            OtherInterpreter = other;
        }
    }

    /// <summary>The venv of the Python under test (made at first use).</summary>
    public static TestVenv Shared => Instance.Value;

    /// <summary>Why the venv could not be made, or null.</summary>
    public string? Failure { get; }

    /// <summary>The venv's folder.</summary>
    public string Directory { get; }

    /// <summary>The venv's interpreter as an activated shell names it: <c>bin/python3.X</c>, or <c>bin/python3</c>
    /// where the venv has no versioned name (3.8).</summary>
    public string Interpreter { get; } = "";

    /// <summary>The base install's <c>sys.base_prefix</c>.</summary>
    public string BasePrefix { get; } = "";

    /// <summary>A folder holding a <c>venv_marker</c> package that says "extra".</summary>
    public string ExtraDirectory { get; } = "";

    /// <summary>An empty folder, for a <c>PATH</c> without any python.</summary>
    public string EmptyDirectory { get; } = "";

    /// <summary>A folder whose <c>python3</c> is another version than the one under test (empty when none is installed).</summary>
    public string OtherBin { get; } = "";

    /// <summary>The other version's interpreter in <see cref="OtherBin"/>, or null.</summary>
    public string? OtherInterpreter { get; }

    /// <summary>The skip reason for tests that need the venv: null when it exists, or when CI is "true" (CI must fail,
    /// not skip: the test then fails on <see cref="Failure"/>).</summary>
    public static string? SkipReason =>
        Shared.Failure is { } failure && !ContinuousIntegration.IsRunning
            ? "needs a venv of the Python under test: " + failure
            : null;

    /// <summary>Fails the test with <see cref="Failure"/> when there is no venv (under CI, where it is not skipped).</summary>
    public TestVenv Require()
    {
        Failure.ShouldBeNull();
        return this;
    }

    private static void WriteMarker(string folder, string where)
    {
        string package = Path.Combine(folder, "venv_marker");
        System.IO.Directory.CreateDirectory(package);
        File.WriteAllText(Path.Combine(package, "__init__.py"), $"WHERE = '{where}'\n");
    }

    private static string RunIn(string interpreter, string code)
    {
        var start = new System.Diagnostics.ProcessStartInfo(interpreter) { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(code);
        using var process = System.Diagnostics.Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return output;
    }

    /// <summary>A python of another minor version than the one under test: pyenv's, then the system's.</summary>
    private static string? OtherVersionInterpreter()
    {
        string own = TestInterpreter.MinorVersion;
        var candidates = new List<string>();
        string versions = Path.Combine(InstalledPythons.PyenvRoot, "versions");
        if (System.IO.Directory.Exists(versions))
        {
            candidates.AddRange(System.IO.Directory.EnumerateDirectories(versions, "3.*").Order(StringComparer.Ordinal)
                .Where(dir => !Path.GetFileName(dir).StartsWith(own + ".", StringComparison.Ordinal))
                .Select(dir => Path.Combine(dir, "bin", "python3")));
        }

        candidates.AddRange(Enumerable.Range(8, 6).Select(minor => $"3.{minor}").Where(v => v != own).Select(v => "/usr/bin/python" + v));
        return candidates.FirstOrDefault(File.Exists);
    }
}
