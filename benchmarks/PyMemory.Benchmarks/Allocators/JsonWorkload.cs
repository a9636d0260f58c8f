namespace PyMemory.Benchmarks.Allocators;

/// <summary>
/// The allocation-heavy workload every allocator benchmark runs: 100,000 small dicts built, dumped to JSON and parsed
/// back, three times (about 17 million allocator calls on 3.12).
/// </summary>
internal static class JsonWorkload
{
    public const string Code = """
        for _ in range(3):
            _data = [{'id': i, 'name': 'item' + str(i), 'value': i * 0.5, 'ok': i % 2 == 0} for i in range(100000)]
            _text = json.dumps(_data)
            _back = json.loads(_text)
            assert len(_back) == 100000
        del _data, _text, _back
        """;

    /// <summary>Starts Python and imports json.</summary>
    public static void StartPython()
    {
        _ = BenchmarkPython.Initialize();
        using GilScope gil = GilScope.Enter();
        PyRun.Exec("import json");
    }

    /// <summary>Runs the workload once.</summary>
    public static void Run()
    {
        using GilScope gil = GilScope.Enter();
        PyRun.Exec(Code);
    }
}
