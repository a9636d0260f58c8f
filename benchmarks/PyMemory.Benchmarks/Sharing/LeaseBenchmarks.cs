using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using PyMemory.Interop;

namespace PyMemory.Benchmarks.Sharing;

/// <summary>
/// Issue 10's lease target: a PyBufferLease over a 1 MiB bytes object plus a Span read of all of it
/// (IndexOfAnyExcept over zeros, which reads every byte) within 1.05x of PyObject_GetBuffer + the same read +
/// PyBuffer_Release called directly, with the same request flags. A second category isolates the fixed cost (enter and
/// dispose over a 16-byte bytes object, no read) so that the lease's own overhead is visible, not only diluted by the
/// read. The GIL is held through a GilScope entered in setup on the benchmark thread.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public unsafe class LeaseBenchmarks
{
    private const int Size = 1 << 20;

    private PythonApi _api = null!;
    private GilScope _gil;
    private PyObjectHandle _large = null!;
    private PyObjectHandle _small = null!;
    private nint _largeObject;
    private nint _smallObject;

    [GlobalSetup]
    public void Setup()
    {
        _api = BenchmarkPython.Initialize();
        _gil = GilScope.Enter();
        _large = PyObjects.FromBytes(new byte[Size]);
        _small = PyObjects.FromBytes(new byte[16]);
        _largeObject = _large.DangerousGetPointer();
        _smallObject = _small.DangerousGetPointer();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _large.Dispose();
        _small.Dispose();
        _gil.Dispose();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Read 1 MiB")]
    public int DirectGetBufferRead1MiB() => DirectRead(_largeObject);

    [Benchmark]
    [BenchmarkCategory("Read 1 MiB")]
    public int LeaseRead1MiB()
    {
        using PyBufferLease lease = PyBufferLease.Enter(_large);
        return lease.AsReadOnlySpan().IndexOfAnyExcept((byte)0);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Enter + release")]
    public int DirectGetBufferRelease()
    {
        Py_buffer view;
        if (_api.PyObject_GetBuffer(_smallObject, &view, PyBufferFlags.PyBUF_RECORDS_RO) != 0)
        {
            throw new InvalidOperationException("PyObject_GetBuffer failed");
        }

        int length = (int)view.len;
        _api.PyBuffer_Release(&view);
        return length;
    }

    [Benchmark]
    [BenchmarkCategory("Enter + release")]
    public int LeaseEnterDispose()
    {
        using PyBufferLease lease = PyBufferLease.Enter(_small);
        return lease.AsReadOnlySpan().Length;
    }

    private int DirectRead(nint exporter)
    {
        Py_buffer view;
        if (_api.PyObject_GetBuffer(exporter, &view, PyBufferFlags.PyBUF_RECORDS_RO) != 0)
        {
            throw new InvalidOperationException("PyObject_GetBuffer failed");
        }

        try
        {
            return new ReadOnlySpan<byte>(view.buf, (int)view.len).IndexOfAnyExcept((byte)0);
        }
        finally
        {
            _api.PyBuffer_Release(&view);
        }
    }
}
