using BenchmarkDotNet.Attributes;
using PyMemory.Benchmarks.Allocators;
using PyMemory.Tracking;
using PyMemory.Tracking.Native;

namespace PyMemory.Benchmarks.Tracking;

/// <summary>
/// The cost of reading the figures: <see cref="MemoryTracker.GetSnapshot"/> against the native read it wraps
/// (Baseline). Target: at most 100 ns. The read adds up 8 counters per domain for every thread that has allocated;
/// this process has the benchmark thread and Python's start-up thread.
/// </summary>
public unsafe class SnapshotBenchmarks
{
    [GlobalSetup]
    public void Setup()
    {
        JsonWorkload.StartPython();
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0 });
        JsonWorkload.Run();
    }

    [Benchmark(Baseline = true, Description = "pmn_snapshot_read (native)")]
    public ulong NativeRead()
    {
        PmnSnapshot snapshot;
        NativeTracker.Api.pmn_snapshot_read(&snapshot);
        return snapshot.Obj.Allocations;
    }

    [Benchmark(Description = "MemoryTracker.GetSnapshot()")]
    public long GetSnapshot() => MemoryTracker.GetSnapshot().Total.LiveBytes;
}
