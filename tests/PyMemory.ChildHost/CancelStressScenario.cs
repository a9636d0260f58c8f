namespace PyMemory.ChildHost;

/// <summary>
/// Eight threads, each running many cancellable runs whose tokens other threads cancel at random moments: busy loops
/// (which only a cancel ends) and short code (where the cancel races the code's return). Every busy loop must end with
/// <see cref="OperationCanceledException"/>, every short run must complete or be cancelled, and the plain Python run
/// after each must never see a stray interruption. Prints <c>cancelled=</c>, <c>completed=</c>, <c>stray=</c> and
/// <c>other=</c> counts; a watchdog ends the process with exit code 3 if anything hangs.
/// </summary>
internal sealed class CancelStressScenario : IChildScenario
{
    private const int Threads = 8;
    private const int Iterations = 40;

    private static int s_cancelled;
    private static int s_completed;
    private static int s_stray;
    private static int s_other;
    private static int s_loopsNotCancelled;

    public string Name => "cancel-stress";

    public int Run(string[] args)
    {
        Watchdog.Start(TimeSpan.FromSeconds(120));
        TestLibrary.Initialize();
        using (GilScope.Enter())
        {
            PyRun.Exec("def spin():\n    while True: pass\n");
        }

        var workers = Enumerable.Range(0, Threads).Select(index => new Thread(() => Work(index))).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        Console.WriteLine("cancelled=" + s_cancelled);
        Console.WriteLine("completed=" + s_completed);
        Console.WriteLine("stray=" + s_stray);
        Console.WriteLine("other=" + s_other);
        Console.WriteLine("loops-not-cancelled=" + s_loopsNotCancelled);
        return 0;
    }

    private static void Work(int index)
    {
        var random = new Random(index);
        for (int i = 0; i < Iterations; i++)
        {
            bool busy = i % 2 == 0;
            using var source = new CancellationTokenSource();
            int delay = random.Next(0, busy ? 15 : 3);
            var canceller = new Thread(() =>
            {
                Thread.Sleep(delay);
                source.Cancel();
            });
            using (GilScope.Enter())
            {
                canceller.Start();
                try
                {
                    if (busy)
                    {
                        using PyObjectHandle spin = PyRun.Eval("spin", CancellationToken.None);
                        using PyObjectHandle result = PyRun.Call(spin, source.Token);
                        _ = Interlocked.Increment(ref s_loopsNotCancelled);
                    }
                    else
                    {
                        PyRun.Exec("x = [i for i in range(200)]", source.Token);
                        _ = Interlocked.Increment(ref s_completed);
                    }
                }
                catch (OperationCanceledException e) when (e.CancellationToken == source.Token)
                {
                    _ = Interlocked.Increment(ref s_cancelled);
                }
#pragma warning disable CA1031 // counted and reported
                catch (Exception)
#pragma warning restore CA1031
                {
                    _ = Interlocked.Increment(ref s_other);
                }

                canceller.Join();

                // Whatever happened above, plain Python on this thread sees no interruption meant for the run.
                try
                {
                    PyRun.Exec("y = sum(i for i in range(300))");
                }
                catch (PythonException)
                {
                    _ = Interlocked.Increment(ref s_stray);
                }
            }
        }
    }
}
