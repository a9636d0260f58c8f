using BenchmarkDotNet.Attributes;
using PyMemory.Allocators;
using PyMemory.ChildHost;

namespace PyMemory.Benchmarks.Allocators;

/// <summary>
/// The cost of observing allocations on a realistic allocation-heavy workload (<see cref="JsonWorkload"/>). Same
/// workload, same run: no hook (Baseline), a pass-through C# hook on MEM and
/// OBJ (methods not overridden are forwarded in native code), a hook overriding all four methods (every call enters
/// .NET), and tracemalloc. Target: the pass-through hook at most 1.10x the baseline.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project benchmarks/PyMemory.Benchmarks -- --filter '*AllocatorHook*'</c>
/// with PYMEMORY_TEST_LIBPYTHON naming the Python.</remarks>
[Config(typeof(AllocatorBenchmarkConfig))]
public class AllocatorHookBenchmarks
{
    private AllocatorHookScope? _hook;

    [GlobalSetup(Target = nameof(NoHook))]
    public void SetupNoHook() => StartPython();

    [GlobalSetup(Target = nameof(PassThroughCSharpHook))]
    public void SetupHook()
    {
        StartPython();
        _hook = PythonAllocators.Install(new PassThroughHook(), MemoryDomain.Mem, MemoryDomain.Obj);
    }

    [GlobalCleanup(Target = nameof(PassThroughCSharpHook))]
    public void CleanupHook() => _hook?.Dispose();

    [GlobalSetup(Target = nameof(InterceptingCSharpHook))]
    public void SetupInterceptingHook()
    {
        StartPython();
        _hook = PythonAllocators.Install(new InterceptingHook(), MemoryDomain.Mem, MemoryDomain.Obj);
    }

    [GlobalCleanup(Target = nameof(InterceptingCSharpHook))]
    public void CleanupInterceptingHook() => _hook?.Dispose();

    [GlobalSetup(Target = nameof(Tracemalloc))]
    public void SetupTracemalloc()
    {
        StartPython();
        using GilScope gil = GilScope.Enter();
        PyRun.Exec("import tracemalloc; tracemalloc.start()");
    }

    [GlobalCleanup(Target = nameof(Tracemalloc))]
    public void CleanupTracemalloc()
    {
        using GilScope gil = GilScope.Enter();
        PyRun.Exec("tracemalloc.stop()");
    }

    [Benchmark(Baseline = true, Description = "no hook")]
    public void NoHook() => Run();

    [Benchmark(Description = "pass-through C# hook (MEM+OBJ)")]
    public void PassThroughCSharpHook() => Run();

    [Benchmark(Description = "C# hook overriding all four methods (MEM+OBJ)")]
    public void InterceptingCSharpHook() => Run();

    [Benchmark(Description = "tracemalloc started")]
    public void Tracemalloc() => Run();

    private static void StartPython() => JsonWorkload.StartPython();

    private static void Run() => JsonWorkload.Run();
}
