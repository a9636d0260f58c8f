using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace PyMemory.Benchmarks.Allocators;

/// <summary>
/// A short job (one launch, few iterations: each operation already takes about a second) whose generated project
/// builds under the repository's Directory.Build.props: that props file turns on XML documentation and warnings as
/// errors, and BenchmarkDotNet's generated code has no doc comments.
/// </summary>
public sealed class AllocatorBenchmarkConfig : ManualConfig
{
    public AllocatorBenchmarkConfig() =>
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(2)
            .WithIterationCount(8)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithArguments([new MsBuildArgument("/p:GenerateDocumentationFile=false"), new MsBuildArgument("/p:TreatWarningsAsErrors=false")]));
}
