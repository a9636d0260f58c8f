using PyMemory.Diagnostics;

namespace PyMemory.ChildHost;

/// <summary>
/// Blocks still alive when the interpreter is finalized are leaked on purpose: disposing them afterwards (or letting
/// the finalizer run) must not call into Python, and new allocations throw InterpreterFinalizedException. Blocks queued
/// before the shutdown are freed by it. The leaked blocks stop counting as live once disposed. Prints key=value lines.
/// </summary>
internal sealed class BlockAfterShutdownScenario : IChildScenario
{
    public string Name => "block-after-shutdown";

    public int Run(string[] args)
    {
        TestLibrary.Initialize();
        RawBlock raw = RawBlock.Allocate(64);
        PyMemBlock mem;
        PyObjectBlock obj;
        PyMemBlock queued;
        using (GilScope.Enter())
        {
            mem = PyMemBlock.Allocate(64);
            obj = PyObjectBlock.Allocate(64);
            queued = PyMemBlock.Allocate(64);
        }

        queued.Dispose(); // no GIL here: queued, and the shutdown frees it while it still can
        Console.WriteLine($"queued-before-shutdown={PythonRuntime.PendingReleaseCount}");
        Console.WriteLine($"shutdown={PythonRuntime.Shutdown()}");
        Console.WriteLine($"pending-after-shutdown={PythonRuntime.PendingReleaseCount}");

        Console.WriteLine($"live-before-leak={LiveHandles.Snapshot().Blocks}");
        raw.Dispose();
        mem.Dispose();
        obj.Dispose();
        Console.WriteLine($"live-after-leak={LiveHandles.Snapshot().Blocks}"); // leaked on purpose, no longer owned
        Console.WriteLine($"disposed-after-shutdown={raw.IsClosed && mem.IsClosed && obj.IsClosed}");
        Console.WriteLine($"pending-after-dispose={PythonRuntime.PendingReleaseCount}");

        string[] refused =
        [
            Refused(() => RawBlock.Allocate(8)),
            Refused(() => PyMemBlock.Allocate(8)),
            Refused(() => PyObjectBlock.AllocateZeroed(1, 8)),
            Refused(() => ScopedRawBlock.Allocate(8).Dispose()),
        ];
        Console.WriteLine($"allocate-after-shutdown={string.Join(',', refused)}");
        return 0;
    }

    private static string Refused(Action allocate)
    {
        try
        {
            allocate();
            return "allowed";
        }
        catch (Exception e)
        {
            return e.GetType().Name;
        }
    }
}
