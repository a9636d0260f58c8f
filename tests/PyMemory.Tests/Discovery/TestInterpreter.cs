using System.Text.RegularExpressions;

namespace PyMemory.Tests.Discovery;

/// <summary>The library under test, the python executable that belongs to it, and file helpers for discovery tests.</summary>
internal static partial class TestInterpreter
{
    /// <summary>The libpython under test (PYMEMORY_TEST_LIBPYTHON, or what discovery chose for this process).</summary>
    public static string LibraryPath => TestPython.LibraryUnderTest;

    /// <summary>"3.12" for libpython3.12.so.</summary>
    public static string MinorVersion =>
        LibraryVersion().Match(Path.GetFileName(LibraryPath)) is { Success: true } m
            ? m.Groups[1].Value
            : throw new InvalidOperationException($"'{LibraryPath}' is not named libpython3.X");

    /// <summary>The python3.X executable of the library under test: the install's bin folder (pyenv layout), then the
    /// system's.</summary>
    public static string ExecutablePath
    {
        get
        {
            string name = "python" + MinorVersion;
            string libDir = Path.GetDirectoryName(LibraryPath)!;
            string[] candidates =
            [
                Path.Combine(libDir, "..", "bin", name),
                Path.Combine("/usr/bin", name),
                Path.Combine("/usr/local/bin", name),
            ];
            return candidates.Select(Path.GetFullPath).FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException($"no {name} executable found for '{LibraryPath}'");
        }
    }

    /// <summary>The file a path finally points to, symbolic links resolved.</summary>
    public static string RealPath(string path) =>
        new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);

    /// <summary>Runs the interpreter under test with arguments and returns its trimmed standard output.</summary>
    public static string RunExecutable(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using System.Diagnostics.Process process = System.Diagnostics.Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{ExecutablePath} did not finish in a minute");
        }

        return process.ExitCode == 0
            ? stdout.Result.Trim()
            : throw new InvalidOperationException($"{ExecutablePath} exited with {process.ExitCode}: {stderr.Result}");
    }

    [GeneratedRegex(@"^libpython(\d+\.\d+)")]
    private static partial Regex LibraryVersion();
}
