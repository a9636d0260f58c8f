using BenchmarkDotNet.Attributes;
using PyMemory.Interop;

namespace PyMemory.Benchmarks.Sharing;

/// <summary>
/// Issue 10's target "export a block as a Python buffer + release &lt;= 1.5x PyMemoryView_FromMemory + release": the
/// baseline wraps the block's address in a memoryview with CPython's own function (which keeps nothing alive: the
/// caller must) and drops it; the PyMemory rows export the block (pinning it, so it cannot be freed under Python) as a
/// pymemory.Buffer and dispose the handle, which deallocates the exporter and unpins. The scoped rows make the same
/// export owned by a ScopedPyObjectHandle (no SafeHandle object: creating, registering for finalization and disposing
/// one costs about 55 ns, more than half the baseline). The GIL is held through a GilScope entered in setup on the
/// benchmark thread.
/// </summary>
[MemoryDiagnoser]
public unsafe class ExportBenchmarks
{
    private PythonApi _api = null!;
    private GilScope _gil;
    private RawBlock _block = null!;
    private Memory<byte> _memory;

    [GlobalSetup]
    public void Setup()
    {
        _api = BenchmarkPython.Initialize();
        _gil = GilScope.Enter();
        _block = RawBlock.Allocate(4096);
        _memory = _block.AsMemory();
        PythonBuffer.Export(_block).Dispose(); // the exporter type is made once, outside the measurement
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _block.Dispose();
        _gil.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void MemoryViewFromMemoryRelease() =>
        _api.Py_DecRef(_api.PyMemoryView_FromMemory((byte*)_block.DangerousGetHandle(), 4096, PyBufferFlags.PyBUF_READ));

    [Benchmark]
    public void ExportBlockRelease() => PythonBuffer.Export(_block).Dispose();

    [Benchmark]
    public void ExportMemoryRelease() => PythonBuffer.Export(_memory).Dispose();

    [Benchmark]
    public void ExportScopedBlockRelease() => PythonBuffer.ExportScoped(_block).Dispose();

    [Benchmark]
    public void ExportScopedMemoryRelease() => PythonBuffer.ExportScoped(_memory).Dispose();
}
