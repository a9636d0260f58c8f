using BenchmarkDotNet.Attributes;
using PyMemory.Interop;

namespace PyMemory.Benchmarks.Gil;

/// <summary>
/// A nested scope on a thread that already holds the GIL through an outer scope (entered in GlobalSetup, on the
/// benchmark thread, and kept for the whole run). The baseline is a nested raw <c>PyGILState_Ensure</c>/<c>Release</c>,
/// what a host such as pythonnet does for a nested <c>Py.GIL()</c>.
/// </summary>
[MemoryDiagnoser]
public class NestedGilScopeBenchmarks
{
    private PythonApi _api = null!;
    private GilScope _outer;

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkPython.Initialize();
        _api = PythonRuntime.Api;
        _outer = GilScope.Enter();
    }

    [GlobalCleanup]
    public void Cleanup() => _outer.Dispose();

    [Benchmark(Baseline = true)]
    public unsafe void NestedRawEnsureRelease()
    {
        int state = _api.PyGILState_Ensure();
        _api.PyGILState_Release(state);
    }

    [Benchmark]
    public void NestedGilScopeEnterDispose()
    {
        using GilScope gil = GilScope.Enter();
    }
}
