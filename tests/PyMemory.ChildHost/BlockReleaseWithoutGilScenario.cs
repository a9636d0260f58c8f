using System.Runtime.CompilerServices;

namespace PyMemory.ChildHost;

/// <summary>
/// MEM and OBJ blocks released where the GIL is not held (finalizer thread, a thread outside any scope, inside
/// AllowThreads) are queued, not freed, and the next GilScope frees them; RAW blocks are never queued.
/// Prints key=value lines for the test to check.
/// </summary>
internal sealed class BlockReleaseWithoutGilScenario : IChildScenario
{
    private const int Count = 500;

    public string Name => "block-release-without-gil";

    public int Run(string[] args)
    {
        TestLibrary.Initialize();
        long baseline;
        using (GilScope.Enter())
        {
            baseline = BlockAllocatedCount.Read();
        }

        // 1. Blocks left to the finalizer: the finalizer thread never holds the GIL, so it queues them all.
        long live = AllocateAndDrop();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Console.WriteLine($"finalized-pending={PythonRuntime.PendingReleaseCount}");
        Console.WriteLine($"finalized-live-delta={live - baseline}");
        using (GilScope.Enter())
        {
            Console.WriteLine($"finalized-pending-in-scope={PythonRuntime.PendingReleaseCount}");
            Console.WriteLine($"finalized-drained-delta={BlockAllocatedCount.Read() - baseline}");
        }

        // 2. Dispose on a thread that is outside every scope.
        var blocks = new List<NativeBlock>();
        using (GilScope.Enter())
        {
            for (int i = 0; i < Count; i++)
            {
                blocks.Add(PyMemBlock.Allocate(40));
                blocks.Add(PyObjectBlock.Allocate(40));
            }
        }

        blocks.ForEach(b => b.Dispose());
        Console.WriteLine($"disposed-pending={PythonRuntime.PendingReleaseCount}");
        using (GilScope.Enter())
        {
            Console.WriteLine($"disposed-pending-in-scope={PythonRuntime.PendingReleaseCount}");
            Console.WriteLine($"disposed-drained-delta={BlockAllocatedCount.Read() - baseline}");
        }

        // 3. A scoped owner disposed while AllowThreads has released the GIL.
        using (GilScope.Enter())
        {
            var mem = ScopedPyMemBlock.Allocate(16);
            var obj = ScopedPyObjectBlock.Allocate(16);
            using (GilScope.AllowThreads())
            {
                mem.Dispose();
                obj.Dispose();
                Console.WriteLine($"scoped-pending={PythonRuntime.PendingReleaseCount}");
            }
        }

        Console.WriteLine($"scoped-pending-after-scope={PythonRuntime.PendingReleaseCount}");

        // 4. RAW blocks are freed by the finalizer itself.
        DropRawBlocks();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Console.WriteLine($"raw-pending={PythonRuntime.PendingReleaseCount}");
        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long AllocateAndDrop()
    {
        using GilScope gil = GilScope.Enter();
        for (int i = 0; i < Count; i++)
        {
            PyMemBlock.Allocate(48).Span.Fill(1);
            PyObjectBlock.Allocate(48).Span.Fill(2);
        }

        return BlockAllocatedCount.Read();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DropRawBlocks()
    {
        for (int i = 0; i < Count; i++)
        {
            RawBlock.Allocate(48).Span.Fill(3);
        }
    }
}
