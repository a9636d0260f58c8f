namespace PyMemory.ChildHost;

/// <summary>The Python work the hosting scenarios run on many threads: a GIL scope, Python code, a MEM block and a RAW
/// block. Returns the Python result, which the caller checks.</summary>
internal static class HostedPythonWork
{
    public static string Run(int n)
    {
        using RawBlock raw = RawBlock.Allocate(4096);
        raw.Span.Fill(1);
        using GilScope gil = GilScope.Enter();
        using PyMemBlock memory = PyMemBlock.Allocate(256);
        memory.Span.Fill(2);
        return PyRun.EvalToString($"str(sum(x * x for x in range({n})))");
    }

    /// <summary>What <see cref="Run"/> must return.</summary>
    public static string Expected(int n) => Enumerable.Range(0, n).Sum(x => (long)x * x).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
