using System.Diagnostics;
using System.Globalization;
using PyMemory.Tracking;

namespace PyMemory.ChildHost;

/// <summary>
/// A Python workload with the tracker on from the interpreter's start, for a few seconds (arg: seconds, default 5), for
/// an outside metrics tool to watch (dotnet-counters): Python builds, keeps and releases data in rounds, two threads
/// contend for the GIL (so the GIL-wait histogram has records), and a few RAW blocks stay alive (the handle count).
/// Nothing here reads a metric: the tool sees the meter that PythonRuntime created with no user code. Prints the
/// tracker's last figures.
/// </summary>
internal sealed class MetricsWorkloadScenario : IChildScenario
{
    private const string Round =
        "_kept.append([bytearray(200) for _ in range(2000)])\n" +
        "_tmp = [str(i) * 5 for i in range(20000)]\n" +
        "del _tmp\n" +
        "if len(_kept) > 8: del _kept[0]\n";

    public string Name => "metrics-workload";

    public int Run(string[] args)
    {
        double seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        PythonRuntime.Initialize(new PythonRuntimeOptions { LibraryPath = TestLibrary.Path, Tracking = new MemoryTrackingOptions() });
        Console.WriteLine("pid=" + Environment.ProcessId);
        using (GilScope.Enter())
        {
            PyRun.Exec("_kept = []");
        }

        RawBlock[] held = [RawBlock.Allocate(4096), RawBlock.Allocate(100), RawBlock.Allocate(1 << 20)];
        var clock = Stopwatch.StartNew();
        Thread[] workers = [.. Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                using (GilScope.Enter())
                {
                    PyRun.Exec(Round);
                }

                Thread.Sleep(10);
            }
        }))];
        foreach (Thread worker in workers)
        {
            worker.Start();
        }

        foreach (Thread worker in workers)
        {
            worker.Join();
        }

        Console.WriteLine("end=" + MemoryTracker.GetSnapshot());
        foreach (RawBlock block in held)
        {
            block.Dispose();
        }

        return 0;
    }
}
