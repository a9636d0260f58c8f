using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using PyMemory.Interop;

namespace PyMemory.Benchmarks.Blocks;

/// <summary>
/// Target (c): 1 MiB blocks within 1.05x of the direct malloc/free pair, RAW and MEM (the GIL held through a GilScope
/// entered in setup). "AllocFree" measures the bare pair, which glibc serves from its heap in tens of nanoseconds once
/// its mmap threshold has adapted, so the SafeHandle's fixed cost shows in full (the scoped owners, which have none, are
/// measured beside it); "AllocFillFree" also writes the
/// megabyte, as any real use of such a block does. Each category has its own baseline.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public unsafe class LargeBlockBenchmarks
{
    private const int Size = 1 << 20;
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
    [BenchmarkCategory("Raw-AllocFree")]
    public void DirectRawPair1MiB() => _api.PyMem_RawFree(_api.PyMem_RawMalloc(Size));

    [Benchmark]
    [BenchmarkCategory("Raw-AllocFree")]
    public void RawBlock1MiB() => RawBlock.Allocate(Size).Dispose();

    [Benchmark]
    [BenchmarkCategory("Raw-AllocFree")]
    public void ScopedRawBlock1MiB() => ScopedRawBlock.Allocate(Size).Dispose();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Mem-AllocFree")]
    public void DirectMemPair1MiB() => _api.PyMem_Free(_api.PyMem_Malloc(Size));

    [Benchmark]
    [BenchmarkCategory("Mem-AllocFree")]
    public void PyMemBlock1MiB() => PyMemBlock.Allocate(Size).Dispose();

    [Benchmark]
    [BenchmarkCategory("Mem-AllocFree")]
    public void ScopedPyMemBlock1MiB() => ScopedPyMemBlock.Allocate(Size).Dispose();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Raw-AllocFillFree")]
    public void DirectRawPairFill1MiB()
    {
        void* pointer = _api.PyMem_RawMalloc(Size);
        new Span<byte>(pointer, Size).Fill(0x11);
        _api.PyMem_RawFree(pointer);
    }

    [Benchmark]
    [BenchmarkCategory("Raw-AllocFillFree")]
    public void RawBlockFill1MiB()
    {
        using RawBlock block = RawBlock.Allocate(Size);
        block.Span.Fill(0x11);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Mem-AllocFillFree")]
    public void DirectMemPairFill1MiB()
    {
        void* pointer = _api.PyMem_Malloc(Size);
        new Span<byte>(pointer, Size).Fill(0x11);
        _api.PyMem_Free(pointer);
    }

    [Benchmark]
    [BenchmarkCategory("Mem-AllocFillFree")]
    public void PyMemBlockFill1MiB()
    {
        using PyMemBlock block = PyMemBlock.Allocate(Size);
        block.Span.Fill(0x11);
    }
}
