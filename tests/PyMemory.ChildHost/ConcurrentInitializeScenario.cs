namespace PyMemory.ChildHost;

/// <summary>
/// 16 threads released at once: half call <see cref="PythonRuntime.Initialize"/> and then enter a scope, half enter a
/// scope directly (initialization on first use, through discovery: the test sets PYTHONNET_PYDLL to the same
/// library). All must succeed against one interpreter.
/// </summary>
internal sealed class ConcurrentInitializeScenario : IChildScenario
{
    private const int Threads = 16;

    public string Name => "concurrent-initialize";

    public int Run(string[] args)
    {
        using var start = new Barrier(Threads);
        var interpreters = new string?[Threads];
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var threads = new Thread[Threads];
        for (int i = 0; i < Threads; i++)
        {
            int index = i;
            threads[i] = new Thread(() =>
            {
                try
                {
                    start.SignalAndWait();
                    if (index % 2 == 0)
                    {
                        TestLibrary.Initialize();
                    }

                    using GilScope gil = GilScope.Enter();
                    PyRun.Exec("import sys\nsys.pymemory_counter = getattr(sys, 'pymemory_counter', 0) + 1");
                    interpreters[index] = PyRun.EvalToString("id(sys.modules)");
                }
#pragma warning disable CA1031 // every failure is reported and counted
                catch (Exception e)
#pragma warning restore CA1031
                {
                    failures.Enqueue(e);
                }
            });
            threads[i].Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        foreach (Exception failure in failures)
        {
            Console.WriteLine("failure=" + failure);
        }

        Console.WriteLine("succeeded=" + interpreters.Count(i => i != null));
        Console.WriteLine("distinct-interpreters=" + interpreters.Where(i => i != null).Distinct().Count());
        Console.WriteLine("state=" + PythonRuntime.State);
        using (GilScope.Enter())
        {
            Console.WriteLine("counter=" + PyRun.EvalToString("sys.pymemory_counter"));
        }

        return failures.IsEmpty ? 0 : 1;
    }
}
