// The consumer check: what a new user writes first, run from the PyMemory.Core package (JIT and NativeAOT).
// Every step prints what it did; any wrong result exits non-zero.
using PyMemory;
using PyMemory.Allocators;
using PyMemory.Tracking;

int failures = 0;

void Check(bool ok, string what)
{
    Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {what}");
    if (!ok)
    {
        failures++;
    }
}

try
{
    PythonRuntime.Initialize();
    Check(PythonRuntime.IsRunning, $"Python {PythonRuntime.Version} started");

    // RAW domain: no GIL needed.
    using (RawBlock raw = RawBlock.Allocate(1024))
    {
        raw.Span.Fill(0x5A);
        raw.Resize(4096);
        Check(raw.Span.Length == 4096 && raw.Span[1023] == 0x5A, "RawBlock: allocated 1024 bytes, filled, resized to 4096, contents kept");
    }

    // MEM domain: needs the GIL, and says so without it.
    bool refused = false;
    try
    {
        using PyMemBlock outside = PyMemBlock.Allocate(16);
    }
    catch (GilRequiredException)
    {
        refused = true;
    }

    Check(refused, "PyMemBlock without the GIL: GilRequiredException");

    using (GilScope.Enter())
    {
        using PyMemBlock memory = PyMemBlock.Allocate(512);
        memory.CopyFrom(new byte[] { 1, 2, 3 });
        Check(memory.Span[0] == 1 && memory.Span[2] == 3 && memory.Span.Length == 512, "PyMemBlock in a GilScope: 512 bytes, copied [1, 2, 3] in");
        Check(PyRun.EvalToString("sum(range(10))") == "45", "PyRun.EvalToString(\"sum(range(10))\") == 45");
    }

    // Fault injection: every MEM/OBJ allocation after the first 100 fails, and Python reports MemoryError.
    string? error = null;
    using (FailingAllocatorHook.Install(AllocationFaultPolicy.FailAfter(100), MemoryDomain.Mem, MemoryDomain.Obj))
    using (GilScope.Enter())
    {
        try
        {
            PyRun.Exec("data = [str(i) for i in range(100_000)]");
        }
        catch (PythonException e)
        {
            error = e.PythonTypeName;
        }
    }

    Check(error == "MemoryError", $"FailingAllocatorHook: Python raised {error ?? "nothing"}");

    using (GilScope.Enter())
    {
        Check(PyRun.EvalToString("len([str(i) for i in range(1000)])") == "1000", "after the hook was removed, allocation works again");
    }

    // The memory tracker: its native library comes from the package (runtimes/linux-x64/native).
    MemoryTracker.Start();
    Check(MemoryTracker.IsNativeEngineAvailable, "MemoryTracker: native engine loaded from the package");
    using (GilScope.Enter())
    {
        MemorySnapshot before = MemoryTracker.GetSnapshot();
        PyRun.Exec("kept = [bytearray(1000) for _ in range(1000)]");
        long grown = MemoryTracker.GetSnapshot().Total.LiveBytes - before.Total.LiveBytes;
        Check(grown > 1_000_000, $"MemoryTracker: 1,000 bytearrays of 1,000 bytes kept alive grew live bytes by {grown:N0}");
        MemoryTracker.Limits = new MemoryLimits { TotalBytes = MemoryTracker.GetSnapshot().Total.LiveBytes + 1_000_000 };
        string? limited = null;
        try
        {
            PyRun.Exec("big = bytearray(10_000_000)");
        }
        catch (PythonException e)
        {
            limited = e.PythonTypeName;
        }

        Check(limited == "MemoryError", $"MemoryLimits: a 10 MB request over the limit raised {limited ?? "nothing"}");
        MemoryTracker.Limits = null;
        PyRun.Exec("del kept");
    }

    Check(MemoryTracker.Stop(), "MemoryTracker stopped");
}
catch (Exception e)
{
    Console.WriteLine($"FAIL unexpected {e.GetType().Name}: {e.Message}");
    failures++;
}

Console.WriteLine(failures == 0 ? "consumer check: all steps passed" : $"consumer check: {failures} step(s) failed");
return failures == 0 ? 0 : 1;
