using BenchmarkDotNet.Attributes;
using PyMemory.Benchmarks.Allocators;
using PyMemory.Tracking;

namespace PyMemory.Benchmarks.Tracking;

/// <summary>
/// What tracking costs on the allocation-heavy <see cref="JsonWorkload"/>, every case in the same run as the baseline
/// (no tracker). Targets (issue 8): exact counters on all three domains at most 1.10x; with sampling at the default
/// rate at most 1.15x; with limit checks at most 1.12x; the managed engine (other platforms), an open mark, a budget
/// scope and tracemalloc (1 frame) reported beside them.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project benchmarks/PyMemory.Benchmarks -- --filter '*TrackerBenchmarks*'</c>
/// with PYMEMORY_TEST_LIBPYTHON naming the Python.</remarks>
[Config(typeof(AllocatorBenchmarkConfig))]
public class TrackerBenchmarks
{
    private MemoryMark? _mark;

    [GlobalSetup(Target = nameof(NoTracker))]
    public void SetupNone() => JsonWorkload.StartPython();

    [GlobalSetup(Target = nameof(Counters))]
    public void SetupCounters() => Start(new MemoryTrackingOptions { SampleInterval = 0 });

    [GlobalSetup(Target = nameof(CountersAndSampling))]
    public void SetupSampling() => Start(new MemoryTrackingOptions());

    [GlobalSetup(Target = nameof(CountersAndLimits))]
    public void SetupLimits() => Start(new MemoryTrackingOptions
    {
        SampleInterval = 0,
        Limits = new MemoryLimits { TotalBytes = 64L << 30, ObjBytes = 32L << 30, MemBytes = 32L << 30, RawBytes = 32L << 30 },
    });

    [GlobalSetup(Target = nameof(CountersAndMark))]
    public void SetupMark()
    {
        Start(new MemoryTrackingOptions { SampleInterval = 0 });
        _mark = MemoryTracker.Mark();
    }

    [GlobalSetup(Target = nameof(CountersInBudgetScope))]
    public void SetupBudget() => Start(new MemoryTrackingOptions { SampleInterval = 0 });

    [GlobalSetup(Target = nameof(ManagedEngine))]
    public void SetupManaged()
    {
        // Each case runs in a process of its own, and the engine is chosen at the first start.
        Environment.SetEnvironmentVariable("PYMEMORY_NO_NATIVE_TRACKER", "1");
        Start(new MemoryTrackingOptions { SampleInterval = 0 });
    }

    [GlobalSetup(Target = nameof(Tracemalloc))]
    public void SetupTracemalloc()
    {
        JsonWorkload.StartPython();
        using GilScope gil = GilScope.Enter();
        PyRun.Exec("import tracemalloc; tracemalloc.start(1)");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _mark?.Dispose();
    }

    [Benchmark(Baseline = true, Description = "no tracker")]
    public void NoTracker() => JsonWorkload.Run();

    [Benchmark(Description = "exact counters, RAW+MEM+OBJ")]
    public void Counters() => JsonWorkload.Run();

    [Benchmark(Description = "counters + sampling (512 KiB)")]
    public void CountersAndSampling() => JsonWorkload.Run();

    [Benchmark(Description = "counters + limit checks")]
    public void CountersAndLimits() => JsonWorkload.Run();

    [Benchmark(Description = "counters + an open mark")]
    public void CountersAndMark() => JsonWorkload.Run();

    [Benchmark(Description = "counters, inside a budget scope")]
    public void CountersInBudgetScope()
    {
        using MemoryBudgetScope budget = MemoryTracker.BeginBudget(64L << 30);
        JsonWorkload.Run();
    }

    [Benchmark(Description = "managed engine (fallback), counters")]
    public void ManagedEngine() => JsonWorkload.Run();

    [Benchmark(Description = "tracemalloc (1 frame)")]
    public void Tracemalloc() => JsonWorkload.Run();

    private static void Start(MemoryTrackingOptions options)
    {
        JsonWorkload.StartPython();
        MemoryTracker.Start(options);
    }
}
