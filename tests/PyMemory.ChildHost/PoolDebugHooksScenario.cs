using System.Buffers;

namespace PyMemory.ChildHost;

/// <summary>
/// A MEM or OBJ pool (args[0]: Mem or Obj) under PYTHONMALLOC=debug, whose hooks abort the process on a MEM/OBJ call
/// without the GIL, a wrong-domain free or a write past a block: returns on a thread without the GIL (retained, and
/// freed through the pending queue when the class is full), the pool disposed on such a thread, a poison fill of whole
/// blocks, and an exported rental whose last view goes on a Python thread after the pool was disposed. Prints
/// key=value lines.
/// </summary>
internal sealed class PoolDebugHooksScenario : IChildScenario
{
    public string Name => "pool-debug-hooks";

    public int Run(string[] args)
    {
        MemoryDomain domain = Enum.Parse<MemoryDomain>(args[0]);
        TestLibrary.Initialize();
        var pool = new PyMemoryPool(new PyMemoryPoolOptions { Domain = domain, MaxRetainedPerClass = 2, ReturnFill = PoolReturnFill.Poison });
        var owners = new List<IMemoryOwner<byte>>();
        using (GilScope.Enter())
        {
            for (int i = 0; i < 5; i++)
            {
                owners.Add(pool.Rent(100));
                owners[^1].Memory.Span.Fill((byte)i); // every byte of the 128-byte block: the debug hooks check the pads at free
            }
        }

        // 1. Returned on a thread without the GIL: two retained, three freed, which must wait for the GIL.
        OnFreshThread(() => owners.ForEach(o => o.Dispose()));
        Console.WriteLine($"retained={pool.GetStatistics().RetainedBlocks}");
        Console.WriteLine($"pending-after-returns={PythonRuntime.PendingReleaseCount}");
        using (GilScope.Enter())
        {
            Console.WriteLine($"pending-in-scope={PythonRuntime.PendingReleaseCount}");
        }

        // 2. An exported rental, returned while Python holds a view; the pool disposed without the GIL.
        string seen;
        using (GilScope.Enter())
        {
            IMemoryOwner<byte> exported = pool.Rent(64);
            "exported"u8.CopyTo(exported.Memory.Span);
            using (PyObjectHandle buffer = PythonBuffer.Export(exported.Memory))
            using (PyObjectHandle globals = PyRun.Eval("globals()"))
            {
                PyObjects.SetDictItem(globals, "pool_buffer", buffer);
            }

            PyRun.Exec("pool_view = memoryview(pool_buffer)\ndel pool_buffer");
            exported.Dispose();
        }

        OnFreshThread(pool.Dispose);
        Console.WriteLine($"pending-after-dispose={PythonRuntime.PendingReleaseCount}");
        using (GilScope.Enter())
        {
            Console.WriteLine($"pending-in-scope-after-dispose={PythonRuntime.PendingReleaseCount}");
            long before = LiveBlocks(domain);

            // 3. The last view goes on a threading.Thread: the block is freed there, under that thread's GIL.
            PyRun.Exec("""
                import threading
                pool_seen = []
                def pool_release(box):
                    pool_seen.append(bytes(box[0][:8]))
                    box[0].release()
                    box.clear()
                pool_box = [pool_view]
                del pool_view
                pool_thread = threading.Thread(target=pool_release, args=(pool_box,))
                pool_thread.start()
                pool_thread.join()
                """);
            seen = PyRun.EvalToString("pool_seen[0]");
            Console.WriteLine($"freed-on-python-thread={before - LiveBlocks(domain)}");
        }

        Console.WriteLine($"seen={seen}");
        Console.WriteLine($"pending-at-end={PythonRuntime.PendingReleaseCount}");
        Console.WriteLine($"live-at-end={LiveBlocks(domain)}");
        return 0;
    }

    private static long LiveBlocks(MemoryDomain domain) => domain == MemoryDomain.Mem
        ? Diagnostics.LiveHandles.Snapshot().PyMemBlocks
        : Diagnostics.LiveHandles.Snapshot().PyObjectBlocks;

    private static void OnFreshThread(Action action)
    {
        var thread = new Thread(() => action());
        thread.Start();
        thread.Join();
    }
}
