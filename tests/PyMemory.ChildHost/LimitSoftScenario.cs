using PyMemory.Tracking;

namespace PyMemory.ChildHost;

/// <summary>
/// The soft limit (<see cref="MemoryLimits.SoftTotalBytes"/>): the event fires once per upward crossing, on the
/// tracker's background thread (not the allocating one), where a handler can take the GIL and call Python; it fires
/// again after live bytes went below and up again; a handler that throws does not end the process and does not stop
/// the other handlers. Each line is <c>key=value</c>.
/// </summary>
internal sealed class LimitSoftScenario : IChildScenario
{
    private const long MiB = 1 << 20;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly SemaphoreSlim Fired = new(0);
    private static int s_count;
    private static string s_seen = "";

    public string Name => "limit-soft";

    public int Run(string[] args)
    {
        Watchdog.Start(TimeSpan.FromSeconds(60));
        BudgetChild.InitializeTracked();
        using GilScope gil = GilScope.Enter();
        int mainThread = Environment.CurrentManagedThreadId;
        BudgetChild.Collect();
        long soft = MemoryTracker.GetSnapshot().Total.LiveBytes + (4 * MiB);
        MemoryTracker.SoftLimitExceeded += OnExceeded;
        MemoryTracker.Limits = new MemoryLimits { SoftTotalBytes = soft };

        PyRun.Exec("a = bytearray(8 * 1024 * 1024)");
        BudgetChild.Print("first", WaitFor(1));
        BudgetChild.Print("first-seen", s_seen);
        BudgetChild.Print("first-other-thread", !s_seen.Contains("thread=" + mainThread + ",", StringComparison.Ordinal));

        PyRun.Exec("b = bytearray(2 * 1024 * 1024)"); // still above: no new crossing
        BudgetChild.Print("still-above", WaitFor(2, TimeSpan.FromMilliseconds(500)));

        PyRun.Exec("del a, b");
        PyRun.Exec("a = bytearray(8 * 1024 * 1024)");
        BudgetChild.Print("second", WaitFor(2));

        EventHandler<SoftLimitExceededEventArgs> thrower = (_, _) => throw new InvalidOperationException("a handler that throws");
        MemoryTracker.SoftLimitExceeded -= OnExceeded;
        MemoryTracker.SoftLimitExceeded += thrower;
        MemoryTracker.SoftLimitExceeded += OnExceeded;
        PyRun.Exec("del a\na = bytearray(8 * 1024 * 1024)");
        BudgetChild.Print("after-throwing-handler", WaitFor(3));
        MemoryTracker.SoftLimitExceeded -= thrower;

        MemoryTracker.Limits = null;
        PyRun.Exec("del a\na = bytearray(8 * 1024 * 1024)\ndel a");
        BudgetChild.Print("removed", WaitFor(4, TimeSpan.FromMilliseconds(500)));
        MemoryTracker.SoftLimitExceeded -= OnExceeded;
        BudgetChild.Print("host", PyRun.EvalToString("1 + 1"));
        return 0;
    }

    // Waits with the GIL released (the handler takes it) until the handler has run `count` times in all.
    private static string WaitFor(int count, TimeSpan? timeout = null)
    {
        using AllowThreadsScope released = GilScope.AllowThreads();
        DateTime until = DateTime.UtcNow + (timeout ?? Wait);
        while (Volatile.Read(ref s_count) < count && DateTime.UtcNow < until)
        {
            Fired.Wait(100);
        }

        return "count=" + Volatile.Read(ref s_count);
    }

    private static void OnExceeded(object? sender, SoftLimitExceededEventArgs e)
    {
        string python;
        using (GilScope gil = GilScope.Enter())
        {
            // Not `len(a)`: the eval loop hands the GIL over between bytecodes, so this may run before `a = ...` stored.
            python = PyRun.EvalToString("sum(range(10))");
        }

        s_seen = $"thread={Environment.CurrentManagedThreadId},background={Thread.CurrentThread.IsBackground},"
            + $"above={e.Snapshot.Total.LiveBytes > e.SoftLimitBytes},python={python}";
        Interlocked.Increment(ref s_count);
        Fired.Release();
    }
}
