using PyMemory.Tracking;

namespace PyMemory.ChildHost;

/// <summary>
/// Runs one deterministic workload under the tracker and prints its OBJ and MEM figures as <c>name=value</c> lines,
/// plus which engine counted and how marks and budget scopes behave. Run once as is and once with
/// PYMEMORY_NO_NATIVE_TRACKER=1 (the managed engine), both with PYTHONHASHSEED=0: the figures must be equal.
/// </summary>
internal sealed class TrackingEngineFiguresScenario : IChildScenario
{
    public string Name => "tracking-engine-figures";

    public int Run(string[] args)
    {
        TestLibrary.Initialize();
        using (GilScope.Enter())
        {
            PyRun.Exec("import json\nwork = lambda: json.loads(json.dumps([{'k': str(i), 'v': [i] * (i % 7)} for i in range(3000)]))\nwork()");
        }

        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0, PeakResolution = 0 });
        Console.WriteLine("native=" + MemoryTracker.IsNativeEngineAvailable);
        using (GilScope.Enter())
        {
            PyRun.Exec("kept = work()\nwork()");
        }

        MemorySnapshot s = MemoryTracker.GetSnapshot();
        foreach ((string name, DomainMemoryFigures f) in new[] { ("obj", s.Obj), ("mem", s.Mem) })
        {
            Console.WriteLine($"{name}.allocations={f.Allocations}");
            Console.WriteLine($"{name}.frees={f.Frees}");
            Console.WriteLine($"{name}.reallocations={f.Reallocations}");
            Console.WriteLine($"{name}.bytes-allocated={f.BytesAllocated}");
            Console.WriteLine($"{name}.live-bytes={f.LiveBytes}");
        }

        Console.WriteLine("obj.histogram-total=" + MemoryTracker.GetSizeHistogram(MemoryDomain.Obj).Total);
        Console.WriteLine("mark=" + Outcomes.Of(() => MemoryTracker.Mark().Dispose()));
        Console.WriteLine("budget=" + Outcomes.Of(() => MemoryTracker.BeginBudget(1 << 20).Dispose()));
        MemoryTracker.Limits = new MemoryLimits { TotalBytes = s.Total.LiveBytes + (1 << 20) }; // bytearray buffers are OBJ up to 3.12, MEM on 3.13
        using (GilScope.Enter())
        {
            Console.WriteLine("over-limit=" + Outcomes.Of(() => PyRun.Exec("big = bytearray(4 << 20)")));
        }

        MemoryTracker.Limits = null;
        using (GilScope.Enter())
        {
            Console.WriteLine("after-limit=" + Outcomes.Of(() => PyRun.Exec("big = bytearray(4 << 20); del big")));
        }

        Console.WriteLine("rejected=" + MemoryTracker.GetSnapshot().Total.RejectedAllocations);
        Console.WriteLine("stop=" + MemoryTracker.Stop());
        return 0;
    }
}
