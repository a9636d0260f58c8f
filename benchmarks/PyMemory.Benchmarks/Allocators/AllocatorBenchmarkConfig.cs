using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace PyMemory.Benchmarks.Allocators;

/// <summary>
/// A short job: one launch and few iterations, because each operation already takes about a second.
/// </summary>
public sealed class AllocatorBenchmarkConfig : ManualConfig
{
    public AllocatorBenchmarkConfig() =>
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(2)
            .WithIterationCount(8)
            .WithInvocationCount(1)
            .WithUnrollFactor(1));
}
