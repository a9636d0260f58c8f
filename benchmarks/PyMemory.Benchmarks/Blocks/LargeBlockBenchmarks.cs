using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using PyMemory.Interop;

namespace PyMemory.Benchmarks.Blocks;

/// <summary>Target (c): 1 MiB blocks within 1.05x of the direct malloc/free pair (RAW and MEM; MEM inside a GilScope
/// entered in setup). "AllocFree" measures the bare pair, which glibc serves from its heap in tens of nanoseconds once
/// its mmap threshold has adapted; "AllocFillFree" also writes the megabyte, as real use of such a block does. Each
/// category has its own baseline.</summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
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
    [BenchmarkCategory("AllocFree")]
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
    [BenchmarkCategory("AllocFree")]
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

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("AllocFillFree")]
    public void DirectPairFill1MiB()
    {
        void* pointer = Domain == MemoryDomain.Raw ? _api.PyMem_RawMalloc(Size) : _api.PyMem_Malloc(Size);
        new Span<byte>(pointer, Size).Fill(0x11);
        if (Domain == MemoryDomain.Raw)
        {
            _api.PyMem_RawFree(pointer);
        }
        else
        {
            _api.PyMem_Free(pointer);
        }
    }

    [Benchmark]
    [BenchmarkCategory("AllocFillFree")]
    public void BlockFill1MiB()
    {
        using NativeBlock block = Domain == MemoryDomain.Raw ? RawBlock.Allocate(Size) : PyMemBlock.Allocate(Size);
        block.Span.Fill(0x11);
    }
}
