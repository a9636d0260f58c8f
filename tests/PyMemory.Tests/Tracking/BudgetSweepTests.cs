using System.Globalization;

namespace PyMemory.Tests.Tracking;

/// <summary>
/// Budget sweeps in child processes: one workload under budget scopes of many limits. Compiled first and called inside
/// the scope, the host survives every limit with MemoryError or success. Compiled inside the scope, CPython's
/// compiler has out-of-memory paths that misreport the error or corrupt the heap (docs/tracking.md lists them): those
/// limits are reported, and only Pythons known to have such crash sites (3.11 and later) may crash there.
/// </summary>
[Collection(UsesPython.Name)]
public sealed class BudgetSweepTests
{
    [Fact]
    public void Precompiled_work_survives_every_limit_of_the_series()
    {
        ChildProcess.Result result = ChildProcess.Run("budget-sweep", null, "precompiled");
        result.ExitCode.ShouldBe(0, result.ToString());
        List<string> outcomes = Outcomes(result);
        outcomes.Count.ShouldBe(50, result.ToString());
        outcomes.ShouldAllBe(o => o == "ok" || o == "MemoryError", result.ToString());
        outcomes[0].ShouldBe("MemoryError", "512 bytes cannot hold the work\n" + result);
        outcomes[^1].ShouldBe("ok", "2 MiB holds it\n" + result);
        result.Value("after").ShouldBe("ok", result.ToString());
    }

    [Fact]
    public void Precompiled_work_survives_2000_limits_128_bytes_apart()
    {
        // The limits under which compiling inside the scope crashed 3.11, 3.12 and 3.13 in the compiler (measured
        // while writing this test): compiled first, nothing crashes and every failure is a MemoryError.
        ChildProcess.Result result = ChildProcess.Run("budget-sweep", null, "precompiled", "0", "2000", "128");
        result.ExitCode.ShouldBe(0, result.ToString().Length > 4000 ? result.ToString()[^4000..] : result.ToString());
        List<string> outcomes = Outcomes(result);
        outcomes.Count.ShouldBe(2000);
        outcomes.ShouldAllBe(o => o == "MemoryError");
        result.Value("after").ShouldBe("ok");
    }

    [Fact]
    public void Compiling_inside_the_scope_fails_clearly_or_crashes_only_in_CPythons_compiler()
    {
        var outcomes = new List<string>();
        var crashes = new List<string>();
        string? version = null;
        int next = 0;
        for (int run = 0; run < 10 && next < 50; run++)
        {
            ChildProcess.Result result = ChildProcess.Run("budget-sweep", null, "source", next.ToString(CultureInfo.InvariantCulture));
            version ??= result.Value("version");
            outcomes.AddRange(Outcomes(result));
            if (result.ExitCode == 0)
            {
                result.Value("after").ShouldBe("ok", result.ToString());
                next = 50;
                break;
            }

            // A crash: the child was inside the limit it printed last; go on after it.
            int crashed = int.Parse(result.Values("start")[^1], CultureInfo.InvariantCulture);
            crashes.Add($"limit {crashed}: exit {result.ExitCode}");
            next = crashed + 1;
        }

        string report = $"Python {version}; crashes: {string.Join(", ", crashes)}; outcomes: {string.Join(" ", outcomes)}";
        Console.WriteLine(report);
        next.ShouldBe(50, report);
        outcomes.ShouldAllBe(o => o == "ok" || o == "MemoryError" || o == "SystemError", report);
        if (crashes.Count > 0)
        {
            Version.Parse(version!).ShouldBeGreaterThanOrEqualTo(new Version(3, 11), report);
        }
    }

    private static List<string> Outcomes(ChildProcess.Result result) =>
        [.. result.StdOut.Split('\n')
            .Where(line => line.StartsWith("limit-", StringComparison.Ordinal))
            .Select(line => line.TrimEnd('\r').Split(' ')[1])];
}
