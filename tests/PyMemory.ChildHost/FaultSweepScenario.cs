using System.Globalization;
using PyMemory.Allocators;
using PyMemory.Tracking;

namespace PyMemory.ChildHost;

/// <summary>
/// The fault sweep: for each N from <c>first</c> to <c>last</c>, a FailingAllocatorHook with FailNth(N) on MEM and OBJ
/// is armed around exactly one call of a precompiled workload (a list of dicts and strings, json.dumps and loads, class
/// instances, comprehensions), then disarmed; a tiny call and the workload itself must then give the right answers.
/// Prints one line per N as soon as it is done (<c>N ok MemoryError</c>, <c>N ok no-failure</c>, <c>N ok TypeName</c>
/// for another exception, followed by a line <c>message N: ...</c>; <c>N broken(...) ...</c> when the interpreter gives
/// wrong answers afterwards), so that a parent
/// seeing the process die knows the N that killed it.
/// </summary>
/// <remarks>Arguments: <c>first last [--with-tracking]</c>. Compiling happens before any fault is armed: CPython's
/// compiler has its own crash bugs on out-of-memory paths, and the sweep measures the run, not the compiler.
/// <c>--with-tracking</c> starts the memory tracker with the interpreter (sampling off, so that every run numbers the
/// allocations alike).</remarks>
internal sealed class FaultSweepScenario : IChildScenario
{
    // ~2,500 MEM+OBJ allocations per call on 3.8-3.13 (printed as allocations=...).
    private const string Workload = """
        import json

        class Point:
            def __init__(self, x, y):
                self.x = x
                self.y = y

            def total(self):
                return self.x + self.y

        def workload():
            rows = [{'id': i, 'name': 'item-%d' % i, 'tags': [str(i), str(i * 2)]} for i in range(60)]
            text = json.dumps(rows)
            back = json.loads(text)
            points = [Point(i, i + 1) for i in range(40)]
            squares = {i: str(i * i) for i in range(40)}
            words = ' '.join(r['name'] for r in back).split()
            return len(text) + sum(p.total() for p in points) + len(back) + len(squares) + len(words)

        def tiny():
            return sum([1, 2, 3]) * 7
        """;

    public string Name => "fault-sweep";

    public int Run(string[] args)
    {
        if (args.Length < 2 || !long.TryParse(args[0], CultureInfo.InvariantCulture, out long first)
            || !long.TryParse(args[1], CultureInfo.InvariantCulture, out long last) || first < 1 || last < first)
        {
            Console.Error.WriteLine("usage: fault-sweep <first N >= 1> <last N> [--with-tracking]");
            return 64;
        }

        bool withTracking = args.Contains("--with-tracking");
        Watchdog.Start(TimeSpan.FromSeconds(90));
        PythonRuntime.Initialize(new PythonRuntimeOptions
        {
            LibraryPath = TestLibrary.Path,
            // Sampling off: its draws are random, and the frames a sample reads allocate, so with it on the allocation
            // numbers would change from run to run and a crash could not be replayed alone under gdb (sampling under
            // failures is tested by the sampling stress scenario).
            Tracking = withTracking ? new MemoryTrackingOptions { SampleInterval = 0 } : null,
        });
        Console.WriteLine("tracking=" + (withTracking ? "on" : "off"));

        using GilScope gil = GilScope.Enter();
        using (PyObjectHandle code = PyRun.Compile(Workload, "sweep_workload.py"))
        {
            PyRun.Exec(code);
        }

        using PyObjectHandle workload = PyRun.Eval("workload");
        using PyObjectHandle tiny = PyRun.Eval("tiny");
        long expected = Call(workload); // also warms caches, so that every N sees the same allocations
        Console.WriteLine("allocations=" + CountAllocations(workload));

        for (long n = first; n <= last; n++)
        {
            string outcome;
            using (AllocatorHookScope scope = FailingAllocatorHook.Install(AllocationFaultPolicy.FailNth(n), armed: false, MemoryDomain.Mem, MemoryDomain.Obj))
            {
                var hook = (FailingAllocatorHook)scope.Hook;
                hook.Arm();
                try
                {
                    using PyObjectHandle result = PyRun.Call(workload);
                    outcome = "no-failure";
                }
                catch (PythonException e)
                {
                    outcome = e.PythonTypeName;
                    if (outcome != "MemoryError")
                    {
                        Console.WriteLine($"message {n}: {e.Message}");
                    }
                }
                finally
                {
                    hook.Disarm();
                }
            }

            Console.WriteLine($"{n} {Check(tiny, workload, expected)} {outcome}");
        }

        if (withTracking)
        {
            // The books balanced through every failure: what the workload allocated it freed again (within the
            // few blocks a warmed-up interpreter keeps in caches).
            Console.WriteLine("tracked-live-bytes=" + MemoryTracker.GetSnapshot().Total.LiveBytes);
        }

        Console.WriteLine("done");
        return 0;
    }

    /// <summary>"ok" when the interpreter still gives the right answers, otherwise what went wrong.</summary>
    private static string Check(PyObjectHandle tiny, PyObjectHandle workload, long expected)
    {
        try
        {
            long small = Call(tiny);
            long again = Call(workload);
            return small == 42 && again == expected ? "ok" : $"broken(tiny={small},workload={again})";
        }
        catch (PythonException e)
        {
            return "broken(" + e.PythonTypeName + ")";
        }
    }

    private static long CountAllocations(PyObjectHandle workload)
    {
        using AllocatorHookScope scope = FailingAllocatorHook.Install(AllocationFaultPolicy.FailAbove(nuint.MaxValue - 1), armed: false, MemoryDomain.Mem, MemoryDomain.Obj);
        var hook = (FailingAllocatorHook)scope.Hook;
        hook.Arm();
        Call(workload);
        hook.Disarm();
        return hook.AllocationCount;
    }

    private static long Call(PyObjectHandle function)
    {
        using PyObjectHandle result = PyRun.Call(function);
        return PyObjects.ReadInt64(result);
    }
}
