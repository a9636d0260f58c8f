using PyMemory.PythonNet;
using PyMemory.Tracking;
using Python.Runtime;

namespace PyMemory.ChildHost;

/// <summary>
/// The complete program of docs/pythonnet.md, statement for statement (only wrapped in a scenario, with the library
/// under test): start, objects across, threads, shutdown, exit. Keep the two in step.
/// </summary>
internal sealed class PythonNetExampleScenario : IChildScenario
{
    public string Name => "pythonnet-example";

    public int Run(string[] args)
    {
        Watchdog.Start(TimeSpan.FromSeconds(60));

        // 1. One call starts both: PyMemory's discovery and start-up options, then pythonnet on the same library.
        PythonNetBridgeMode mode = PythonNetBridge.Initialize(new PythonRuntimeOptions
        {
            LibraryPath = TestLibrary.Path, // (the docs leave this out: discovery chooses)
            Tracking = new MemoryTrackingOptions(), // the tracker counts pythonnet's allocations too
        });
        Console.WriteLine($"Python {PythonRuntime.Version}: {mode}");
        if (mode != PythonNetBridgeMode.PythonNet)
        {
            // 3.8 to 3.10: pythonnet 3.2 cannot run there; PyMemory alone works as always.
            using (GilScope.Enter())
            {
                Console.WriteLine(PyRun.EvalToString("'PyMemory only'"));
            }

            PythonNetBridge.Shutdown();
            return 0;
        }

        // 2. Objects across, with exact ownership. PythonNetBridge.Gil() is Py.GIL() that also frees PyMemory's queue.
        using (PythonNetBridge.Gil())
        {
            using PyObjectHandle numbers = PyRun.Eval("list(range(5))"); // PyMemory
            using PyObject list = numbers.ToPyObject();                  // pythonnet: a reference of its own
            Console.WriteLine($"len = {list.Length()}, refcount = {numbers.RefCount}");

            using var text = new PyString("made by pythonnet");
            using PyObjectHandle handle = text.ToHandle();               // PyMemory: a reference of its own
            Console.WriteLine(PyObjects.ReadString(handle));

            PyObject moved = PyObjects.FromInt64(42).MoveToPyObject();   // the reference moves; the handle is closed
            Console.WriteLine($"moved = {moved.As<long>()}");
            moved.Dispose();
        }

        // 3. Threads: any thread, any mix and nesting of Py.GIL() and GilScope.
        long total = 0;
        Parallel.For(0, 8, i =>
        {
            using (Py.GIL())
            {
                using var number = new PyInt(i);
                using GilScope gil = GilScope.Enter();
                using PyObjectHandle mine = number.ToHandle();
                Interlocked.Add(ref total, PyObjects.ReadInt64(mine));
            }
        });
        Console.WriteLine($"total = {total}");
        Console.WriteLine($"Python's live bytes: {MemoryTracker.GetSnapshot().Total.LiveBytes}");

        // 4. Shutdown on the thread that called Initialize, outside every GIL: pythonnet first, then PyMemory.
        Console.WriteLine($"finalized = {PythonNetBridge.Shutdown()}");

        // 5. Exit. Had the program returned without Shutdown, or while a thread held the GIL, the bridge's exit handler
        // would still let it exit (docs/pythonnet.md, "Exit").
        return 0;
    }
}
