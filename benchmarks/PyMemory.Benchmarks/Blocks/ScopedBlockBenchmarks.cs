using BenchmarkDotNet.Attributes;
using PyMemory.Interop;

namespace PyMemory.Benchmarks.Blocks;

/// <summary>Target (b): the scoped owners within 1.2x of the direct malloc/free pair, in every domain. MEM and OBJ run
/// inside a GilScope entered in setup on the benchmark thread.</summary>
public unsafe class ScopedBlockBenchmarks
{
    private PythonApi _api = null!;
    private GilScope _gil;

    [Params(MemoryDomain.Raw, MemoryDomain.Mem, MemoryDomain.Obj)]
    public MemoryDomain Domain { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _api = BlockBenchmarkPython.Initialize();
        if (Domain != MemoryDomain.Raw)
        {
            _gil = GilScope.Enter();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _gil.Dispose();

    [Benchmark(Baseline = true)]
    public void DirectPair64()
    {
        switch (Domain)
        {
            case MemoryDomain.Raw:
                _api.PyMem_RawFree(_api.PyMem_RawMalloc(64));
                break;
            case MemoryDomain.Mem:
                _api.PyMem_Free(_api.PyMem_Malloc(64));
                break;
            default:
                _api.PyObject_Free(_api.PyObject_Malloc(64));
                break;
        }
    }

    [Benchmark]
    public void ScopedAllocateDispose64()
    {
        switch (Domain)
        {
            case MemoryDomain.Raw:
                ScopedRawBlock.Allocate(64).Dispose();
                break;
            case MemoryDomain.Mem:
                ScopedPyMemBlock.Allocate(64).Dispose();
                break;
            default:
                ScopedPyObjectBlock.Allocate(64).Dispose();
                break;
        }
    }
}
