using BenchmarkDotNet.Attributes;
using PyMemory.Interop;

namespace PyMemory.Benchmarks.Sharing;

/// <summary>
/// Issue 10's pool target: a pooled rent + return of 64 B and 4 KiB (a retained block, the steady state) costs at most
/// 1.5x the direct PyMem_RawMalloc/PyMem_RawFree pair (the baseline), and less than a RawBlock allocate + dispose.
/// </summary>
/// <remarks>The rent allocates one small rental object (a <see cref="System.Buffers.MemoryManager{T}"/> per rent, so a
/// stale Memory of an earlier rent cannot reach the block again); [MemoryDiagnoser] shows it.</remarks>
[MemoryDiagnoser]
public unsafe class PoolRentReturnBenchmarks
{
    private PythonApi _api = null!;
    private PyMemoryPool _pool = null!;

    [Params(64, 4096)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _api = BenchmarkPython.Initialize();
        _pool = new PyMemoryPool();
        _pool.Rent(Size).Dispose(); // the class now retains a block: every measured rent is a hit
    }

    [GlobalCleanup]
    public void Cleanup() => _pool.Dispose();

    [Benchmark(Baseline = true)]
    public void DirectRawMallocFree() => _api.PyMem_RawFree(_api.PyMem_RawMalloc((nuint)Size));

    [Benchmark]
    public void RawBlockAllocateDispose() => RawBlock.Allocate(Size).Dispose();

    [Benchmark]
    public void PooledRentReturn() => _pool.Rent(Size).Dispose();
}
