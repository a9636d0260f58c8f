using PyMemory.Tracking;

namespace PyMemory.ChildHost;

/// <summary>
/// Hard limits per domain and in total: code that grows past the limit gets MemoryError (a RAW block: a failed
/// allocation), the host keeps running, the refusals are counted in the domain, nothing stays behind once the failed
/// work is dropped, live bytes never pass limit + headroom, and raising or removing the limit lets the same code
/// succeed. Then the headroom itself: with it, the MemoryError's traceback is complete; without it, frames are missing.
/// Each line is <c>case-key=value</c>.
/// </summary>
internal sealed class LimitDomainsScenario : IChildScenario
{
    private const long Room = 1 << 20;

    private const string Setup = """
        def grow_obj(n):
            items = []
            for i in range(n):
                items.append(bytearray(100))
            return items

        def grow_mem(n):
            items = []
            for i in range(n):
                items.append(None)
            return items

        def deep(k, n):
            if k:
                return deep(k - 1, n)
            return grow_obj(n)

        def traceback_depth(n):
            try:
                deep(3, n)
            except MemoryError as e:
                depths = []
                while e is not None:
                    tb = e.__traceback__
                    depth = 0
                    while tb is not None:
                        depth += 1
                        tb = tb.tb_next
                    depths.append(str(depth))
                    e = e.__context__
                return ' '.join(depths)
            return -1

        obj_code = compile('r = grow_obj(200000)', 'obj', 'exec')
        mem_code = compile('r = grow_mem(4000000)', 'mem', 'exec')
        """;

    public string Name => "limit-domains";

    public int Run(string[] args)
    {
        BudgetChild.InitializeTracked();
        using GilScope gil = GilScope.Enter();
        PyRun.Exec(Setup);
        PyRun.Exec("exec(obj_code)\ndel r\nexec(mem_code)\ndel r"); // warm up: free lists and caches as later runs find them

        Case("obj", MemoryDomain.Obj, at => new MemoryLimits { ObjBytes = at }, "exec(obj_code)");
        Case("mem", MemoryDomain.Mem, at => new MemoryLimits { MemBytes = at }, "exec(mem_code)");
        Case("total", null, at => new MemoryLimits { TotalBytes = at }, "exec(obj_code)");
        RawCase();
        Headroom("headroom-default", MemoryLimits.DefaultHeadroom);
        Headroom("headroom-zero", 0);
        GraceAcrossDomains();
        BudgetChild.Print("host", PyRun.EvalToString("len(grow_obj(1000))"));
        return 0;
    }

    private static long Live(MemorySnapshot s, MemoryDomain? domain) => domain is { } d ? s[d].LiveBytes : s.Total.LiveBytes;

    private static void Case(string label, MemoryDomain? domain, Func<long, MemoryLimits> limitAt, string code)
    {
        BudgetChild.Collect();
        MemorySnapshot before = MemoryTracker.GetSnapshot();
        long start = Live(before, domain);
        long limit = start + Room;
        MemoryLimits limits = limitAt(limit);
        MemoryTracker.ResetPeak();
        MemoryTracker.Limits = limits;
        string first = BudgetChild.Outcome(() => PyRun.Exec(code));
        MemoryTracker.Limits = null;
        MemorySnapshot refused = MemoryTracker.GetSnapshot();
        BudgetChild.Collect();
        MemorySnapshot dropped = MemoryTracker.GetSnapshot();
        long peak = domain is { } d ? refused[d].PeakLiveBytes : refused.Total.PeakLiveBytes;

        BudgetChild.Print(label + "-first", first);
        BudgetChild.Print(label + "-rejected", refused.Total.RejectedAllocations - before.Total.RejectedAllocations);
        if (domain is { } own)
        {
            BudgetChild.Print(label + "-rejected-own", refused[own].RejectedAllocations - before[own].RejectedAllocations);
        }

        BudgetChild.Print(label + "-peak-over-limit", peak - limit);
        BudgetChild.Print(label + "-peak-over-room", peak - (limit + limits.HeadroomBytes));
        BudgetChild.Print(label + "-left-behind", Live(dropped, domain) - start);

        MemoryTracker.Limits = limitAt(start + (Room * 200));
        BudgetChild.Print(label + "-raised", BudgetChild.Outcome(() => PyRun.Exec(code + "\ndel r")));
        MemoryTracker.Limits = limits;
        BudgetChild.Print(label + "-again", BudgetChild.Outcome(() => PyRun.Exec(code)));
        MemoryTracker.Limits = null;
        BudgetChild.Print(label + "-removed", BudgetChild.Outcome(() => PyRun.Exec(code + "\ndel r")));
    }

    private static void RawCase()
    {
        MemorySnapshot before = MemoryTracker.GetSnapshot();
        long start = before.Raw.LiveBytes;
        var limits = new MemoryLimits { RawBytes = start + Room, HeadroomBytes = 0 };
        MemoryTracker.Limits = limits;
        var blocks = new List<RawBlock>();
        while (blocks.Count < 1000 && RawBlock.TryAllocate(64 * 1024, out RawBlock? block))
        {
            blocks.Add(block);
        }

        BudgetChild.Print("raw-fitted", blocks.Count);
        BudgetChild.Print("raw-allocate", BudgetChild.Outcome(() => RawBlock.Allocate(64 * 1024).Dispose()));
        MemorySnapshot refused = MemoryTracker.GetSnapshot();
        BudgetChild.Print("raw-rejected-own", refused.Raw.RejectedAllocations - before.Raw.RejectedAllocations);
        BudgetChild.Print("raw-over-limit", refused.Raw.PeakLiveBytes - (start + Room));
        foreach (RawBlock b in blocks)
        {
            b.Dispose();
        }

        BudgetChild.Print("raw-left-behind", MemoryTracker.GetSnapshot().Raw.LiveBytes - start);
        BudgetChild.Print("raw-python", BudgetChild.Outcome(() => PyRun.Exec("len(grow_obj(1000))")));
        MemoryTracker.Limits = limits with { RawBytes = start + (Room * 40) };
        BudgetChild.Print("raw-raised", BudgetChild.Outcome(() => RawBlock.Allocate(2 * Room).Dispose()));
        MemoryTracker.Limits = null;
        BudgetChild.Print("raw-removed", BudgetChild.Outcome(() => RawBlock.Allocate(2 * Room).Dispose()));
    }

    // After a refusal the thread may use the headroom; an allocation in a domain without a limit of its own (MEM
    // here) fits, but the thread is still above the OBJ limit, so its grace goes on.
    private static void GraceAcrossDomains()
    {
        BudgetChild.Collect();
        long start = MemoryTracker.GetSnapshot().Obj.LiveBytes;
        MemoryTracker.Limits = new MemoryLimits { ObjBytes = start + (512 * 1024), HeadroomBytes = 64 * 1024 };
        var blocks = new List<PyObjectBlock>();
        while (blocks.Count < 100 && PyObjectBlock.TryAllocate(16 * 1024, out PyObjectBlock? block))
        {
            blocks.Add(block);
        }

        BudgetChild.Print("grace-fitted", blocks.Count);
        bool overLimit = PyObjectBlock.TryAllocate(16 * 1024, out PyObjectBlock? inHeadroom);
        BudgetChild.Print("grace-first-in-headroom", overLimit);
        inHeadroom?.Dispose();
        PyMemBlock.Allocate(100).Dispose();
        bool afterOtherDomain = PyObjectBlock.TryAllocate(16 * 1024, out PyObjectBlock? stillInHeadroom);
        BudgetChild.Print("grace-after-other-domain", afterOtherDomain);
        stillInHeadroom?.Dispose();
        foreach (PyObjectBlock b in blocks)
        {
            b.Dispose();
        }

        // Back more than a headroom below the limit: the next allocation that fits ends the grace, and the limit holds
        // again.
        PyObjectBlock.Allocate(100).Dispose();
        bool afterDrop = PyObjectBlock.TryAllocate((512 * 1024) + 1, out PyObjectBlock? overAgain);
        BudgetChild.Print("grace-after-drop", afterDrop);
        overAgain?.Dispose();
        MemoryTracker.Limits = null;
    }

    private static void Headroom(string label, long headroom)
    {
        BudgetChild.Collect();
        MemorySnapshot before = MemoryTracker.GetSnapshot();
        long start = before.Obj.LiveBytes;
        MemoryTracker.ResetPeak();
        MemoryTracker.Limits = new MemoryLimits { ObjBytes = start + Room, HeadroomBytes = headroom };
        string depth = BudgetChild.Outcome(() => BudgetChild.Print(label + "-depth", PyRun.EvalToString("traceback_depth(200000)")));
        MemoryTracker.Limits = null;
        MemorySnapshot after = MemoryTracker.GetSnapshot();
        BudgetChild.Print(label + "-rejected", after.Total.RejectedAllocations - before.Total.RejectedAllocations);
        BudgetChild.Print(label + "-peak-over-limit", after.Obj.PeakLiveBytes - (start + Room));
        BudgetChild.Print(label + "-outcome", depth);
    }
}
