using BenchmarkDotNet.Attributes;
using PyMemory.Interop;

namespace PyMemory.Benchmarks.Blocks;

/// <summary>
/// Target (a): RawBlock.Allocate(64) + Dispose within 1.1x of (EmptySafeHandle create+dispose) + (direct
/// PyMem_RawMalloc/PyMem_RawFree pair). BenchmarkDotNet reports ratios against the direct pair; add the
/// SafeHandle row's ratio to it for the target.
/// </summary>
[MemoryDiagnoser]
public unsafe class RawBlockBenchmarks
{
    private PythonApi _api = null!;

    [GlobalSetup]
    public void Setup() => _api = BenchmarkPython.Initialize();

    [Benchmark(Baseline = true)]
    public void DirectRawMallocFree64() => _api.PyMem_RawFree(_api.PyMem_RawMalloc(64));

    [Benchmark]
    public void EmptySafeHandleCreateDispose() => new EmptySafeHandle().Dispose();

    [Benchmark]
    public void RawBlockAllocateDispose64() => RawBlock.Allocate(64).Dispose();
}
