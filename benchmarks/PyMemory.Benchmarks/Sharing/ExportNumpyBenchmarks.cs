using BenchmarkDotNet.Attributes;

namespace PyMemory.Benchmarks.Sharing;

/// <summary>
/// Issue 10's target "numpy.frombuffer over an exported 256 MiB block: same time as over 1 MiB, within noise (no
/// copy)": each operation exports the block, wraps it with numpy.frombuffer and releases both. Needs numpy, so it
/// runs on Debian's Python 3.11 (python3-numpy): the library is PYMEMORY_TEST_LIBPYTHON when set, else Debian's
/// <c>/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0</c> (as BenchmarkPython, but with that default instead of
/// discovery); setup fails clearly when numpy cannot be imported there.
/// </summary>
[MemoryDiagnoser]
public class ExportNumpyBenchmarks
{
    private const string DebianLibrary = "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0";

    private GilScope _gil;
    private RawBlock _small = null!;
    private RawBlock _large = null!;
    private PyObjectHandle _frombuffer = null!;

    [GlobalSetup]
    public void Setup()
    {
        PythonRuntime.Initialize(new PythonRuntimeOptions { LibraryPath = Environment.GetEnvironmentVariable("PYMEMORY_TEST_LIBPYTHON") ?? DebianLibrary });
        _gil = GilScope.Enter();
        try
        {
            _frombuffer = PyRun.Eval("__import__('numpy').frombuffer");
        }
        catch (PythonException e)
        {
            throw new InvalidOperationException($"ExportNumpyBenchmarks needs numpy in Python {PythonRuntime.Version} (Debian: apt-get install python3-numpy, and PYMEMORY_TEST_LIBPYTHON={DebianLibrary}).", e);
        }

        _small = RawBlock.Allocate(1 << 20);
        _large = RawBlock.Allocate(256L << 20);
        _small.Span.Fill(1); // touched, so that neither block's first use pays for page faults
        for (long offset = 0; offset < _large.Length; offset += 1 << 20)
        {
            _large.AsSpan(offset, 1 << 20).Fill(1);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _frombuffer.Dispose();
        _small.Dispose();
        _large.Dispose();
        _gil.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void Frombuffer1MiB() => Frombuffer(_small);

    [Benchmark]
    public void Frombuffer256MiB() => Frombuffer(_large);

    private void Frombuffer(RawBlock block)
    {
        using PyObjectHandle exported = PythonBuffer.Export(block);
        using PyObjectHandle array = PyRun.Call(_frombuffer, exported);
    }
}
