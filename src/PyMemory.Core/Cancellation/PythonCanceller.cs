using PyMemory.Interop;

namespace PyMemory;

/// <summary>
/// The thread that interrupts cancelled runs. A token's callback only queues the run here and returns: it never waits
/// for the GIL, so <c>CancellationTokenSource.Cancel</c> neither blocks (the running code may hold the GIL for long in
/// C) nor fails on a thread that cannot take the GIL (one inside <see cref="GilScope.AllowThreads"/>). This thread
/// takes the GIL (the eval loop hands it over within the switch interval, 5 ms by default) and asks each queued run's
/// thread to raise <c>pymemory.Cancelled</c>; it asks again every <see cref="RedeliveryInterval"/> while the run goes
/// on, so a run that swallowed the exception once (a bare <c>except:</c>, a <c>__del__</c>) is interrupted again: the
/// cancellation is level-triggered, as in Trio, not a one-shot signal.
/// </summary>
internal static class PythonCanceller
{
    /// <summary>How often a cancelled run that is still going is interrupted again.</summary>
    public static readonly TimeSpan RedeliveryInterval = TimeSpan.FromMilliseconds(200);

    private static readonly Lock Gate = new();
    private static readonly List<CancellableRun> Queued = [];
    private static readonly AutoResetEvent Wake = new(initialState: false);
    private static Thread? s_thread;

    /// <summary>Queues <paramref name="run"/> for interruption (again). Never blocks on Python; any thread.</summary>
    public static void Request(CancellableRun run)
    {
        lock (Gate)
        {
            if (!Queued.Contains(run))
            {
                Queued.Add(run);
            }

            if (s_thread is null)
            {
                s_thread = new Thread(Loop) { IsBackground = true, Name = "PyMemory cancellation" };
                s_thread.Start();
            }
        }

        _ = Wake.Set();
    }

    private static void Loop()
    {
        while (true)
        {
            bool pending;
            lock (Gate)
            {
                _ = Queued.RemoveAll(run => run.IsFinished);
                pending = Queued.Count > 0;
            }

            _ = Wake.WaitOne(pending ? RedeliveryInterval : Timeout.InfiniteTimeSpan);
            CancellableRun[] batch;
            lock (Gate)
            {
                _ = Queued.RemoveAll(run => run.IsFinished);
                batch = [.. Queued];
            }

            if (batch.Length > 0)
            {
                Interrupt(batch);
            }
        }
    }

    private static void Interrupt(CancellableRun[] batch)
    {
        try
        {
            using GilScope gil = GilScope.Enter();
            PythonApi api = PythonRuntime.Api;
            foreach (CancellableRun run in batch)
            {
                run.InterruptUnderGil(api);
            }
        }
#pragma warning disable CA1031 // a background thread must not die; an interpreter that is gone has nothing to interrupt
        catch (Exception)
#pragma warning restore CA1031
        {
            lock (Gate)
            {
                Queued.Clear();
            }
        }
    }
}
