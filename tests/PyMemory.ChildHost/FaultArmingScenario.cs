using PyMemory.Allocators;

namespace PyMemory.ChildHost;

/// <summary>
/// Fault injection armed on demand: a FailingAllocatorHook installed disarmed on MEM and OBJ fails nothing, armed around
/// exactly one <see cref="PyRun.Call(PyObjectHandle)"/> of a compiled function it raises MemoryError, and after
/// <see cref="FailingAllocatorHook.Disarm"/> the same call succeeds. Arming again numbers from the arming again; the
/// per-domain failure counts add up to the total.
/// </summary>
internal sealed class FaultArmingScenario : IChildScenario
{
    private const int Items = 300;

    public string Name => "fault-arming";

    public int Run(string[] args)
    {
        Watchdog.Start(TimeSpan.FromSeconds(60));
        TestLibrary.Initialize();
        using GilScope gil = GilScope.Enter();
        using (PyObjectHandle code = PyRun.Compile(
            $"def work():\n    return [{{'k': str(i), 'v': [i] * 2}} for i in range({Items})]\n\ndef tiny():\n    return 6 * 7\n", "arming.py"))
        {
            PyRun.Exec(code);
        }

        using PyObjectHandle work = PyRun.Eval("work");
        using PyObjectHandle tiny = PyRun.Eval("tiny");
        Console.WriteLine($"warm=" + WorkOk(work)); // caches filled before any counting

        using (AllocatorHookScope scope = FailingAllocatorHook.Install(AllocationFaultPolicy.FailNth(50), armed: false, MemoryDomain.Mem, MemoryDomain.Obj))
        {
            var hook = (FailingAllocatorHook)scope.Hook;
            Console.WriteLine($"installed=armed={hook.IsArmed}");
            bool ok = WorkOk(work) && WorkOk(work) && WorkOk(work);
            Console.WriteLine($"disarmed=ok={ok} count={hook.AllocationCount} failures={hook.FailureCount}");

            hook.Arm();
            string outcome = Outcome(work);
            hook.Disarm();
            long mem = hook.FailureCountOf(MemoryDomain.Mem);
            long obj = hook.FailureCountOf(MemoryDomain.Obj);
            Console.WriteLine($"armed={outcome} failures={hook.FailureCount} mem+obj={mem + obj} raw={hook.FailureCountOf(MemoryDomain.Raw)}");
            Console.WriteLine($"after-disarm=ok={WorkOk(work)} tiny={Tiny(tiny)} failures={hook.FailureCount}");

            hook.Arm();
            bool numberedFromArm = hook.AllocationCount == 0;
            outcome = Outcome(work);
            hook.Disarm();
            Console.WriteLine($"re-armed={outcome} failures={hook.FailureCount} numbered-from-arm={numberedFromArm}");
        }

        using (AllocatorHookScope scope = FailingAllocatorHook.Install(AllocationFaultPolicy.FailAfter(0), armed: false, MemoryDomain.Mem, MemoryDomain.Obj))
        {
            var hook = (FailingAllocatorHook)scope.Hook;
            hook.Arm();
            string outcome = Outcome(work);
            hook.Disarm();
            bool sums = hook.FailureCountOf(MemoryDomain.Mem) + hook.FailureCountOf(MemoryDomain.Obj) == hook.FailureCount
                && hook.FailureCountOf(MemoryDomain.Obj) > 0;
            Console.WriteLine($"fail-all={outcome} failures={hook.FailureCount} sums={sums} raw={hook.FailureCountOf(MemoryDomain.Raw)}");
        }

        Console.WriteLine($"final=ok={WorkOk(work)} tiny={Tiny(tiny)}");
        return 0;
    }

    private static string Outcome(PyObjectHandle work)
    {
        try
        {
            using PyObjectHandle result = PyRun.Call(work);
            return "no-failure";
        }
        catch (PythonException e)
        {
            return e.PythonTypeName;
        }
    }

    private static bool WorkOk(PyObjectHandle work)
    {
        using PyObjectHandle result = PyRun.Call(work);
        return PyObjects.ListCount(result) == Items;
    }

    private static long Tiny(PyObjectHandle tiny)
    {
        using PyObjectHandle result = PyRun.Call(tiny);
        return PyObjects.ReadInt64(result);
    }
}
