using BenchmarkDotNet.Attributes;
using PyMemory.Interop;

namespace PyMemory.Benchmarks.Gil;

/// <summary>
/// Taking and giving back the GIL on a thread that does not hold it between iterations. The baseline is the raw
/// pair a host would call, <c>PyGILState_Ensure</c>/<c>PyGILState_Release</c>, through the same function pointers.
/// </summary>
/// <remarks>
/// GlobalSetup runs on the benchmark thread and initializes Python there, so that thread already has a thread state
/// (the interpreter's first one) for both methods: the baseline measures attach/detach, not creation/deletion of a
/// state, which would make it far slower and the comparison flattering to GilScope.
/// </remarks>
[MemoryDiagnoser]
public class GilScopeBenchmarks
{
    private PythonApi _api = null!;

    [GlobalSetup]
    public unsafe void Setup()
    {
        BenchmarkPython.Initialize();
        _api = PythonRuntime.Api;
        GilScope.Enter().Dispose();
        if (_api.PyGILState_Check() != 0)
        {
            throw new InvalidOperationException("the benchmark thread must not hold the GIL between iterations");
        }
    }

    [Benchmark(Baseline = true)]
    public unsafe void RawEnsureRelease()
    {
        int state = _api.PyGILState_Ensure();
        _api.PyGILState_Release(state);
    }

    [Benchmark]
    public void GilScopeEnterDispose()
    {
        using GilScope gil = GilScope.Enter();
    }
}
