using PyMemory.Tracking;

namespace PyMemory.Sample.Examples;

/// <summary>
/// Finding what survives a batch of requests, and bounding one request's memory: the tracker counts every block
/// allocated after it starts; a mark counts those still alive after the work; a budget scope makes one piece of work
/// raise <c>MemoryError</c> at its limit while the host goes on.
/// </summary>
public static class LeakCheckExample
{
    /// <summary>Requests handled under the mark; each one leaks one entry into a module-level cache.</summary>
    public const int Requests = 200;

    /// <summary>Runs the example.</summary>
    /// <param name="log">Receives a line per step.</param>
    /// <returns>What survived the requests, and whether the over-budget request raised MemoryError.</returns>
    public static (MemoryDiff Survivors, bool BudgetRefused) Run(TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        bool started = !MemoryTracker.IsRunning;
        if (started)
        {
            MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0 });
        }

        try
        {
            using GilScope gil = GilScope.Enter();
            using PyObjectHandle code = PyRun.Compile("""
                _cache = []
                def handle(i):
                    body = [str(n) for n in range(100)]   # garbage: freed when the request ends
                    _cache.append(bytearray(512))         # the leak: one 512-byte buffer per request
                    return len(body)
                def greedy():
                    return [bytearray(1024) for _ in range(10000)]  # about 10 MB
                """, "leakcheck.py");
            PyRun.Exec(code);
            PyRun.Exec("handle(-1)"); // warm up: caches and free lists settle before the mark

            MemoryDiff survivors;
            using (MemoryMark mark = MemoryTracker.Mark())
            {
                PyRun.Exec($"for i in range({Requests}): handle(i)");
                survivors = mark.GetDiff();
            }

            log.WriteLine($"after {Requests} requests, still alive: {survivors.Total.Blocks} blocks, {survivors.Total.Bytes:N0} bytes (OBJ {survivors.Obj.Blocks}, MEM {survivors.Mem.Blocks})");

            bool refused = false;
            using PyObjectHandle greedy = PyRun.Eval("greedy");
            using (MemoryBudgetScope budget = MemoryTracker.BeginBudget(1 << 20))
            {
                try
                {
                    using PyObjectHandle result = PyRun.Call(greedy);
                }
                catch (PythonException e) when (e.PythonTypeName == "MemoryError")
                {
                    refused = true;
                    log.WriteLine($"a request over its 1 MiB budget raised MemoryError after {budget.Rejections} refused allocation(s); the host goes on");
                }
            }

            log.WriteLine(MemoryTracker.GetSnapshot().ToString());
            PyRun.Exec("del _cache, handle, greedy");
            return (survivors, refused);
        }
        finally
        {
            if (started)
            {
                MemoryTracker.Stop();
            }
        }
    }
}
