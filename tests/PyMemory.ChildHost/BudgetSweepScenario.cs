using System.Globalization;
using PyMemory.Interop;
using PyMemory.Tracking;

namespace PyMemory.ChildHost;

/// <summary>
/// A budget sweep: one workload run under budget scopes of 50 limits from 512 bytes to 2 MiB (a geometric series).
/// Mode <c>precompiled</c> compiles the workload first and calls it with <c>PyObject_CallObject</c> inside the scope,
/// so the compiler never runs under the budget; mode <c>source</c> runs the source with PyRun.Exec inside the scope (the
/// compiler's own out-of-memory paths included). Arguments: mode, first index (to resume after a crash), and
/// optionally the number of limits and a step (limits step, 2 step, ... instead of the series). Prints
/// <c>start=i</c> before each limit (flushed) and <c>limit-i=L outcome</c> after it, then <c>after=</c> the workload's
/// result with no budget.
/// </summary>
internal sealed unsafe class BudgetSweepScenario : IChildScenario
{
    /// <summary>The number of limits swept.</summary>
    public const int Count = 50;

    private const string Source = """
        def _sweep_work():
            table = {str(i): (i, str(i) * 2) for i in range(1500)}
            text = ','.join(table)
            class Point:
                def __init__(self, x):
                    self.x = x
            points = [Point(i) for i in range(300)]
            return len(text) + len(points) + sum(p.x for p in points)
        """;

    public string Name => "budget-sweep";

    /// <summary>The i-th limit: 512 bytes times 2^(12 i / 49), so 512 B .. 2 MiB.</summary>
    public static long LimitAt(int i) => (long)(512 * Math.Pow(2, 12.0 * i / (Count - 1)));

    public int Run(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : "precompiled";
        int first = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 0;
        int count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : Count;
        long step = args.Length > 3 ? long.Parse(args[3], CultureInfo.InvariantCulture) : 0;
        BudgetChild.InitializeTracked();
        using GilScope gil = GilScope.Enter();
        PythonApi api = RawLayer.Api();
        BudgetChild.Print("version", PyRun.EvalToString("'%d.%d' % __import__('sys').version_info[:2]"));
        PyRun.Exec(Source);
        string expected = PyRun.EvalToString("_sweep_work()"); // also warms caches and free lists
        using PyObjectHandle work = PyRun.Eval("_sweep_work");
        MemoryTracker.Limits = new MemoryLimits { HeadroomBytes = 16 * 1024 };
        for (int i = first; i < count; i++)
        {
            long limit = step > 0 ? step * (i + 1) : LimitAt(i);
            Console.WriteLine("start=" + i);
            Console.Out.Flush();
            string outcome = mode == "source" ? FromSource(limit) : Precompiled(api, work, limit, expected);
            Console.WriteLine($"limit-{i}={limit} {outcome}");
        }

        MemoryTracker.Limits = null;
        BudgetChild.Print("after", PyRun.EvalToString("_sweep_work()") == expected ? "ok" : "wrong");
        return 0;
    }

    private static string Precompiled(PythonApi api, PyObjectHandle work, long limit, string expected)
    {
        nint result;
        long rejections;
        using (MemoryBudgetScope scope = MemoryTracker.BeginBudget(limit))
        {
            result = api.PyObject_CallObject(work.DangerousGetPointer(), 0);
            rejections = scope.Rejections;
        }

        // Outside the scope: reading the error or the result allocates.
        if (result == 0)
        {
            return BudgetChild.Outcome(PythonException.ThrowIfPending) + " rejections=" + rejections;
        }

        string value = api.PyLong_AsLongLong(result).ToString(CultureInfo.InvariantCulture);
        api.Py_DecRef(result);
        return (value == expected ? "ok" : "wrong:" + value) + " rejections=" + rejections;
    }

    private static string FromSource(long limit)
    {
        using MemoryBudgetScope scope = MemoryTracker.BeginBudget(limit);
        try
        {
            PyRun.Exec(Source + "\n_sweep_result = _sweep_work()\n");
            return "ok";
        }
        catch (PythonException e)
        {
            // 3.12 and 3.13 return NULL without an exception from some of the compiler's out-of-memory paths:
            // PyMemory reports a SystemError saying so.
            return e.PythonTypeName;
        }
    }
}
