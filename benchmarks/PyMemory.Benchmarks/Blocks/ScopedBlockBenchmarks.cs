using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using PyMemory.Interop;

namespace PyMemory.Benchmarks.Blocks;

/// <summary>
/// Target (b): the scoped owners within 1.2x of the direct malloc/free pair, in every domain; one category (with its
/// own baseline) per domain. The GIL is held through a GilScope entered in setup on the benchmark thread (RAW does
/// not need it, and ignores it). One method per domain rather than a parameter and a switch: with a shared switch the
/// JIT tiers the method up while the first domain runs and then treats the other branches as cold, which measures
/// the branch layout instead of the code.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public unsafe class ScopedBlockBenchmarks
{
    private PythonApi _api = null!;
    private GilScope _gil;

    [GlobalSetup]
    public void Setup()
    {
        _api = BenchmarkPython.Initialize();
        _gil = GilScope.Enter();
    }

    [GlobalCleanup]
    public void Cleanup() => _gil.Dispose();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Raw")]
    public void DirectRawPair64() => _api.PyMem_RawFree(_api.PyMem_RawMalloc(64));

    [Benchmark]
    [BenchmarkCategory("Raw")]
    public void ScopedRaw64() => ScopedRawBlock.Allocate(64).Dispose();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Mem")]
    public void DirectMemPair64() => _api.PyMem_Free(_api.PyMem_Malloc(64));

    [Benchmark]
    [BenchmarkCategory("Mem")]
    public void ScopedMem64() => ScopedPyMemBlock.Allocate(64).Dispose();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Obj")]
    public void DirectObjPair64() => _api.PyObject_Free(_api.PyObject_Malloc(64));

    [Benchmark]
    [BenchmarkCategory("Obj")]
    public void ScopedObj64() => ScopedPyObjectBlock.Allocate(64).Dispose();
}
