using System.Diagnostics;

namespace PyMemory.Tests.Infrastructure;

/// <summary>Runs a PyMemory.ChildHost scenario in a process of its own and captures what it printed.</summary>
internal static class ChildProcess
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
    }

    private static readonly Lazy<string> RunCacheFolder = new(() => Directory.CreateTempSubdirectory("pymemory-test-cache-").FullName);

    /// <summary>Runs <paramref name="scenario"/> with the library under test in PYMEMORY_TEST_LIBPYTHON, plus extra
    /// environment variables (a null value removes a variable).</summary>
    public static Result Run(string scenario, IReadOnlyDictionary<string, string?>? environment = null, params string[] args) =>
        RunUnder([], TimeSpan.FromMinutes(2), scenario, environment, args);

    /// <summary>As <see cref="Run"/>, with the child's command line after <paramref name="launcher"/> (for example
    /// <c>gdb -batch ... --args</c>; empty runs it directly) and a timeout of its own.</summary>
    public static Result RunUnder(IReadOnlyList<string> launcher, TimeSpan timeout, string scenario, IReadOnlyDictionary<string, string?>? environment, params string[] args) =>
        RunProgram("PyMemory.ChildHost.dll", launcher, timeout, environment, [scenario, .. args]);

    /// <summary>Runs a .NET program of the test output folder (<paramref name="dll"/>, such as pymem.dll) with
    /// <paramref name="args"/>, in the same neutral environment as the scenarios, and kills it after
    /// <paramref name="timeout"/>.</summary>
    public static Result RunProgram(string dll, IReadOnlyList<string> launcher, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment, IReadOnlyList<string> args)
    {
        string host = Path.Combine(AppContext.BaseDirectory, dll);
        string scenario = args.Count > 0 ? args[0] : dll;
        var start = new ProcessStartInfo(launcher.Count > 0 ? launcher[0] : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (launcher.Count > 0)
        {
            foreach (string part in launcher.Skip(1))
            {
                start.ArgumentList.Add(part);
            }

            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(host);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Start from a neutral environment for discovery: the test run's own choice comes only through the variable,
        // which always names the library this run uses, also when discovery chose it (children would otherwise
        // discover on their own, in an environment without PYTHONNET_PYDLL and VIRTUAL_ENV, and might find another).
        start.Environment.Remove("PYTHONNET_PYDLL");
        start.Environment.Remove("VIRTUAL_ENV");
        start.Environment.Remove("PYTHONMALLOC");
        start.Environment[TestPython.Variable] = TestPython.LibraryUnderTest;

        // Discovery caches interpreters' answers per user (docs/finding-python.md): children use a cache of this test
        // run's own, so that tests neither write to the user's ~/.cache nor depend on what an earlier run left there.
        start.Environment["XDG_CACHE_HOME"] = RunCacheFolder.Value;

        foreach ((string key, string? value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        return Execute(start, timeout, $"child '{dll} {scenario}'");
    }

    /// <summary>Starts <paramref name="start"/> (which must redirect standard output and error), captures what it
    /// printed, and kills it and its children after <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">The process did not finish in time; <paramref name="what"/> names it.</exception>
    public static Result Execute(ProcessStartInfo start, TimeSpan timeout, string what)
    {
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{what} did not finish in {timeout.TotalSeconds} s");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
