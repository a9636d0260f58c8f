using System.Globalization;
using System.Text.RegularExpressions;

namespace PyMemory.Tests.Tracking;

/// <summary>
/// <see cref="PythonRuntimeOptions.Tracking"/>, in child processes under each allocator set-up: the tracker sits on
/// every domain above what <c>PYTHONMALLOC</c>, dev mode or <see cref="PythonRuntimeOptions.EnableDebugHooks"/> set up,
/// counts from the interpreter's first block (no frees of blocks it never saw), and its pre-initialization (a copy
/// of CPython's compat pre-configuration) leaves the interpreter configured exactly as without it: the same
/// <c>sys.flags</c>, encodings, locale, warnings.
/// </summary>
[Collection(UsesPython.Name)] // PythonRuntime.Version needs the Python under test
public sealed partial class TrackerStartupTests
{
    public static TheoryData<string, string?, bool, bool> Setups => new()
    {
        // name, environment variable (NAME=value), EnableDebugHooks, debug hooks expected
        { "default", null, false, false },
        { "PYTHONMALLOC=debug", "PYTHONMALLOC=debug", false, true },
        { "PYTHONMALLOC=malloc", "PYTHONMALLOC=malloc", false, false },
        { "EnableDebugHooks", null, true, true },
        { "dev mode", "PYTHONDEVMODE=1", false, true },
        { "C locale", "LC_ALL=C", false, false },
        { "PYTHONMALLOC=mimalloc", "PYTHONMALLOC=mimalloc", false, false },
    };

    [Theory]
    [MemberData(nameof(Setups))]
    public void Tracking_from_start_up_counts_from_the_first_block_above_the_preset_and_changes_no_configuration(string setup, string? variable, bool enableDebugHooks, bool debugHooks)
    {
        if (variable == "PYTHONMALLOC=mimalloc" && !PythonRuntime.Version.IsAtLeast(3, 13))
        {
            return; // mimalloc came with 3.13 (xunit 2 has no dynamic skip)
        }

        var environment = new Dictionary<string, string?>();
        if (variable != null)
        {
            environment[variable.Split('=')[0]] = variable.Split('=')[1];
        }

        string[] extra = enableDebugHooks ? ["debug-hooks"] : [];
        ChildProcess.Result without = ChildProcess.Run("tracking-startup", environment, ["none", .. extra]);
        ChildProcess.Result with = ChildProcess.Run("tracking-startup", environment, ["tracking", .. extra]);
        without.ExitCode.ShouldBe(0, without.ToString());
        with.ExitCode.ShouldBe(0, with.ToString());

        Value(with, "config").ShouldBe(Value(without, "config"), $"{setup}: the same configuration with and without tracking");
        Value(without, "running").ShouldBe("False");
        Value(without, "hooks").ShouldBeEmpty();
        Value(with, "running").ShouldBe("True");
        Value(with, "hooks").ShouldBe("RAW: MemoryTracker,MEM: MemoryTracker,OBJ: MemoryTracker", setup);
        Value(with, "debug-hooks").ShouldBe(debugHooks.ToString(), setup);
        Value(without, "debug-hooks").ShouldBe(debugHooks.ToString(), setup);
        Value(with, "describe").ShouldStartWith(Value(without, "describe"), Case.Sensitive, $"{setup}: the same preset under the tracker");

        foreach (string domain in (string[])["Raw", "Mem", "Obj"])
        {
            long[] first = Value(with, "first-" + domain).Split(' ').Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            first[0].ShouldBeGreaterThan(domain == "Obj" ? 10_000 : 100, $"{setup} {domain}: allocations counted during start-up");
            first[1].ShouldBeGreaterThan(0, $"{setup} {domain}: live blocks");
            first[2].ShouldBeGreaterThan(0, $"{setup} {domain}: live bytes");

            // Installed before Py_InitializeEx allocates anything that lives on: no free of an unknown block, ever.
            Value(with, "untracked-" + domain).ShouldBe("0", $"{setup} {domain}");
        }

        Match blocks = BlocksLine().Match(with.StdOut);
        blocks.Success.ShouldBeTrue(with.StdOut);
        long pymalloc = long.Parse(blocks.Groups[1].Value, CultureInfo.InvariantCulture);
        long tracked = long.Parse(blocks.Groups[2].Value, CultureInfo.InvariantCulture);
        if (pymalloc > 0)
        {
            // sys.getallocatedblocks() is read while its own call holds a few temporary blocks, which are freed by the
            // time of the snapshot; a tracker that had missed the first blocks would miss thousands.
            tracked.ShouldBeGreaterThanOrEqualTo(pymalloc - 32, setup);
        }

        Match histogram = HistogramLine().Match(with.StdOut);
        histogram.Groups[1].Value.ShouldBe(histogram.Groups[2].Value, "the OBJ histogram counts every allocation");
    }

    private static string Value(ChildProcess.Result result, string key)
    {
        string? line = result.StdOut.Split('\n').FirstOrDefault(l => l.StartsWith(key + "=", StringComparison.Ordinal));
        line.ShouldNotBeNull($"'{key}=' missing:\n{result}");
        return line[(key.Length + 1)..].TrimEnd('\r');
    }

    [GeneratedRegex(@"pymalloc-blocks=(\d+) tracked-blocks=(\d+)")]
    private static partial Regex BlocksLine();

    [GeneratedRegex(@"histogram-obj=(\d+) allocations-obj=(\d+)")]
    private static partial Regex HistogramLine();
}
