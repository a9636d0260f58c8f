using System.Globalization;

namespace PyMemory.Tests.Tracking;

/// <summary>
/// The managed engine (used where the native library is not built) against the native one: the same deterministic
/// workload in two fresh processes (PYTHONHASHSEED=0) must give the same figures, because both follow the same rules.
/// </summary>
public sealed class TrackingEngineTests
{
    private static readonly string[] Figures =
    [
        "obj.allocations", "obj.frees", "obj.reallocations", "obj.bytes-allocated", "obj.live-bytes", "obj.histogram-total",
        "mem.allocations", "mem.frees", "mem.reallocations", "mem.bytes-allocated", "mem.live-bytes",
    ];

    private static readonly Lazy<(ChildProcess.Result Native, ChildProcess.Result Managed)> Runs = new(() => (
        ChildProcess.Run("tracking-engine-figures", new Dictionary<string, string?> { ["PYTHONHASHSEED"] = "0" }),
        ChildProcess.Run("tracking-engine-figures", new Dictionary<string, string?> { ["PYTHONHASHSEED"] = "0", ["PYMEMORY_NO_NATIVE_TRACKER"] = "1" })));

    [Fact]
    public void Both_engines_count_the_same_workload_identically()
    {
        (ChildProcess.Result native, ChildProcess.Result managed) = Runs.Value;
        native.ExitCode.ShouldBe(0, native.ToString());
        managed.ExitCode.ShouldBe(0, managed.ToString());
        native.Value("native").ShouldBe("True");
        managed.Value("native").ShouldBe("False");
        long.Parse(native.Value("obj.allocations")!, CultureInfo.InvariantCulture).ShouldBeGreaterThan(10_000);
        foreach (string figure in Figures)
        {
            managed.Value(figure).ShouldBe(native.Value(figure), $"{figure}\n{native}\n{managed}");
        }
    }

    [Fact]
    public void Both_engines_enforce_limits_and_the_same_code_succeeds_once_the_limit_is_removed()
    {
        (ChildProcess.Result native, ChildProcess.Result managed) = Runs.Value;
        foreach (ChildProcess.Result run in new[] { native, managed })
        {
            run.Value("over-limit").ShouldBe("PythonException", run.ToString());
            run.Value("after-limit").ShouldBe("ok", run.ToString());
            long.Parse(run.Value("rejected")!, CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
            run.Value("stop").ShouldBe("True");
        }
    }

    [Fact]
    public void Marks_and_budget_scopes_are_native_only_and_say_so()
    {
        (ChildProcess.Result native, ChildProcess.Result managed) = Runs.Value;
        native.Value("mark").ShouldBe("ok");
        native.Value("budget").ShouldBe("ok");
        managed.Value("mark").ShouldBe(nameof(PlatformNotSupportedException));
        managed.Value("budget").ShouldBe(nameof(PlatformNotSupportedException));
    }
}
