using PyMemory.Tracking;

namespace PyMemory.ChildHost;

/// <summary>
/// Budget scopes (<see cref="MemoryTracker.BeginBudget"/>) as users and adversaries would use them: MemoryError at the
/// scope's limit while other threads go on unlimited, credits for blocks freed on another thread, nesting (an inner
/// allocation charges every enclosing scope; either may refuse), the depth limit, Dispose on the wrong thread or out of
/// order, recovery in a larger scope, and the refusals counted. Each line is <c>key=value</c>.
/// </summary>
internal sealed class BudgetScopesScenario : IChildScenario
{
    private const long MiB = 1 << 20;

    private const string Setup = """
        def grow_obj(n):
            items = []
            for i in range(n):
                items.append(bytearray(100))
            return items

        obj_code = compile('r = grow_obj(200000)', 'obj', 'exec')
        keep_code = compile('keep = [bytearray(1000) for _ in range(500)]', 'keep', 'exec')
        """;

    public string Name => "budget-scopes";

    public int Run(string[] args)
    {
        BudgetChild.InitializeTracked();
        using GilScope gil = GilScope.Enter();
        PyRun.Exec(Setup);
        PyRun.Exec("exec(obj_code)\ndel r\nexec(keep_code)\ndel keep"); // warm up caches and free lists

        MemoryErrorAtTheLimit();
        Recovery();
        CreditsFromAnotherThread();
        Nesting();
        DepthLimit();
        DisposeRules();
        Rejections();
        BudgetChild.Print("host", PyRun.EvalToString("len(grow_obj(1000))"));
        return 0;
    }

    private static string OnThread(Func<string> work)
    {
        string result = "not run";
        var thread = new Thread(() =>
        {
            string outcome = BudgetChild.Outcome(() => result = work());
            if (outcome != "ok")
            {
                result = outcome;
            }
        });
        thread.Start();
        thread.Join();
        return result;
    }

    // The main thread's scope refuses its own Python work; another thread, allocating RAW blocks and running Python
    // meanwhile, is neither refused nor charged.
    private static void MemoryErrorAtTheLimit()
    {
        MemorySnapshot before = MemoryTracker.GetSnapshot();
        using MemoryBudgetScope scope = MemoryTracker.BeginBudget(MiB);
        BudgetChild.Print("limit-first", BudgetChild.Outcome(() => PyRun.Exec("exec(obj_code)")));
        BudgetChild.Print("limit-scope-rejections", scope.Rejections);
        BudgetChild.Print("limit-rejected", MemoryTracker.GetSnapshot().Total.RejectedAllocations - before.Total.RejectedAllocations);
        long charged = scope.LiveBytes;
        string other;
        using (GilScope.AllowThreads())
        {
            other = OnThread(() =>
            {
                var blocks = new List<RawBlock>();
                for (int i = 0; i < 4; i++)
                {
                    blocks.Add(RawBlock.Allocate(MiB));
                }

                using GilScope worker = GilScope.Enter();
                string python = PyRun.EvalToString("len(grow_obj(20000))");
                foreach (RawBlock b in blocks)
                {
                    b.Dispose();
                }

                return "raw-ok,python=" + python;
            });
        }

        BudgetChild.Print("limit-other-thread", other);
        BudgetChild.Print("limit-other-thread-charged", scope.LiveBytes - charged);
        BudgetChild.Print("limit-scope-live-under-limit", scope.LiveBytes <= MiB);
    }

    private static void Recovery()
    {
        using MemoryBudgetScope scope = MemoryTracker.BeginBudget(200 * MiB);
        BudgetChild.Print("recovery", BudgetChild.Outcome(() => PyRun.Exec("exec(obj_code)")));
        BudgetChild.Print("recovery-charged-over-20MB", scope.LiveBytes > 20_000_000);
        PyRun.Exec("del r");
        BudgetChild.Print("recovery-rejections", scope.Rejections);
    }

    private static void CreditsFromAnotherThread()
    {
        using MemoryBudgetScope scope = MemoryTracker.BeginBudget(50 * MiB);
        long start = scope.Charges.Raw.Bytes;
        var blocks = new List<RawBlock>();
        for (int i = 0; i < 10; i++)
        {
            blocks.Add(RawBlock.Allocate(64 * 1024));
        }

        BudgetChild.Print("credit-raw-charged", scope.Charges.Raw.Bytes - start);
        BudgetChild.Print("credit-raw-blocks", scope.Charges.Raw.Blocks);
        BudgetChild.Print("credit-raw-freed-on", OnThread(() =>
        {
            foreach (RawBlock b in blocks)
            {
                b.Dispose();
            }

            return "other";
        }));
        BudgetChild.Print("credit-raw-after", scope.Charges.Raw.Bytes - start);
        BudgetChild.Print("credit-raw-blocks-after", scope.Charges.Raw.Blocks);

        long beforeKeep = scope.LiveBytes;
        PyRun.Exec("exec(keep_code)");
        long kept = scope.LiveBytes - beforeKeep;
        string dropped;
        using (GilScope.AllowThreads())
        {
            dropped = OnThread(() =>
            {
                using GilScope worker = GilScope.Enter();
                PyRun.Exec("del keep");
                return "other";
            });
        }

        BudgetChild.Print("credit-python-kept-over-500000", kept > 500_000);
        BudgetChild.Print("credit-python-dropped-on", dropped);
        BudgetChild.Print("credit-python-credited-over-500000", kept - (scope.LiveBytes - beforeKeep) > 500_000);
    }

    private static void Nesting()
    {
        using (MemoryBudgetScope outer = MemoryTracker.BeginBudget(10 * MiB))
        {
            long outerStart = outer.Charges.Raw.Bytes;
            using (MemoryBudgetScope inner = MemoryTracker.BeginBudget(MiB))
            {
                using RawBlock half = RawBlock.Allocate(MiB / 2);
                BudgetChild.Print("nest-inner-charged", inner.Charges.Raw.Bytes);
                BudgetChild.Print("nest-outer-charged", outer.Charges.Raw.Bytes - outerStart);
                BudgetChild.Print("nest-inner-refuses", !RawBlock.TryAllocate(MiB, out RawBlock? refused));
                refused?.Dispose();
                BudgetChild.Print("nest-inner-rejections", inner.Rejections);
                BudgetChild.Print("nest-outer-rejections", outer.Rejections);
            }

            BudgetChild.Print("nest-outer-after-inner", BudgetChild.Outcome(() => RawBlock.Allocate(2 * MiB).Dispose()));
        }

        using MemoryBudgetScope tightOuter = MemoryTracker.BeginBudget(MiB);
        using MemoryBudgetScope looseInner = MemoryTracker.BeginBudget(10 * MiB);
        BudgetChild.Print("nest-outer-refuses", !RawBlock.TryAllocate(2 * MiB, out RawBlock? tooBig));
        tooBig?.Dispose();
        BudgetChild.Print("nest-tight-outer-rejections", tightOuter.Rejections);
        BudgetChild.Print("nest-loose-inner-rejections", looseInner.Rejections);
        BudgetChild.Print("nest-python-in-inner", BudgetChild.Outcome(() => PyRun.Exec("exec(obj_code)")));
    }

    private static void DepthLimit()
    {
        var scopes = new Stack<MemoryBudgetScope>();
        for (int i = 0; i < 4; i++)
        {
            scopes.Push(MemoryTracker.BeginBudget(MiB));
        }

        BudgetChild.Print("depth-fifth", BudgetChild.Outcome(() => MemoryTracker.BeginBudget(MiB).Dispose()));
        while (scopes.Count > 0)
        {
            scopes.Pop().Dispose();
        }

        BudgetChild.Print("depth-after", BudgetChild.Outcome(() => MemoryTracker.BeginBudget(MiB).Dispose()));
        BudgetChild.Print("depth-zero-limit", BudgetChild.Outcome(() => MemoryTracker.BeginBudget(0).Dispose()));
    }

    private static void DisposeRules()
    {
        MemoryBudgetScope scope = MemoryTracker.BeginBudget(MiB);
        BudgetChild.Print("dispose-other-thread", OnThread(() => BudgetChild.Outcome(scope.Dispose)));
        BudgetChild.Print("dispose-own-thread", BudgetChild.Outcome(scope.Dispose));
        BudgetChild.Print("dispose-twice", BudgetChild.Outcome(scope.Dispose));

        MemoryBudgetScope first = MemoryTracker.BeginBudget(10 * MiB);
        MemoryBudgetScope second = MemoryTracker.BeginBudget(10 * MiB);
        BudgetChild.Print("dispose-out-of-order", BudgetChild.Outcome(first.Dispose));
        long firstBefore = first.Charges.Raw.Bytes;
        long secondBefore = second.Charges.Raw.Bytes;
        using (RawBlock block = RawBlock.Allocate(64 * 1024))
        {
            BudgetChild.Print("dispose-first-still-charged", first.Charges.Raw.Bytes - firstBefore);
            BudgetChild.Print("dispose-second-still-charged", second.Charges.Raw.Bytes - secondBefore);
        }

        BudgetChild.Print("dispose-in-order", BudgetChild.Outcome(() =>
        {
            second.Dispose();
            first.Dispose();
        }));
        long frozen = first.Charges.Raw.Bytes;
        using RawBlock after = RawBlock.Allocate(64 * 1024);
        BudgetChild.Print("dispose-not-charged-after", first.Charges.Raw.Bytes - frozen);
    }

    private static void Rejections()
    {
        // 2 MiB is beyond 1 MiB plus the default headroom (256 KiB): each attempt is refused and counted once.
        using MemoryBudgetScope scope = MemoryTracker.BeginBudget(MiB);
        MemorySnapshot before = MemoryTracker.GetSnapshot();
        for (int i = 0; i < 3; i++)
        {
            if (RawBlock.TryAllocate(2 * MiB, out RawBlock? block))
            {
                block.Dispose();
            }
        }

        BudgetChild.Print("rejections-scope", scope.Rejections);
        BudgetChild.Print("rejections-raw", MemoryTracker.GetSnapshot().Raw.RejectedAllocations - before.Raw.RejectedAllocations);
        BudgetChild.Print("rejections-small-fits", BudgetChild.Outcome(() => RawBlock.Allocate(1024).Dispose()));
    }
}
