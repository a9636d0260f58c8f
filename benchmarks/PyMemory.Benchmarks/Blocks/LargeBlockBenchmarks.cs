using BenchmarkDotNet.Attributes;
using PyMemory.Interop;

namespace PyMemory.Benchmarks.Blocks;

/// <summary>Target (c): 1 MiB blocks within 1.05x of the direct malloc/free pair (RAW and MEM; MEM inside a GilScope
/// entered in setup).</summary>
public unsafe class LargeBlockBenchmarks
{
    private const int Size = 1 << 20;
    private PythonApi _api = null!;
    private GilScope _gil;

    [Params(MemoryDomain.Raw, MemoryDomain.Mem)]
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
    public void DirectPair1MiB()
    {
        if (Domain == MemoryDomain.Raw)
        {
            _api.PyMem_RawFree(_api.PyMem_RawMalloc(Size));
        }
        else
        {
            _api.PyMem_Free(_api.PyMem_Malloc(Size));
        }
    }

    [Benchmark]
    public void BlockAllocateDispose1MiB()
    {
        if (Domain == MemoryDomain.Raw)
        {
            RawBlock.Allocate(Size).Dispose();
        }
        else
        {
            PyMemBlock.Allocate(Size).Dispose();
        }
    }
}
