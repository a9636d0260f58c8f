using System.Runtime.CompilerServices;

namespace PyMemory.ChildHost;

/// <summary>
/// Run with PYTHONMALLOC=debug: every block is written to exactly its full length through the SDK's views and freed
/// through every release path. The debug hooks check the guard bytes at each free; a clean run prints "ok" and
/// nothing on stderr.
/// </summary>
internal sealed class BlockDebugFullWriteScenario : IChildScenario
{
    private static readonly long[] Sizes = [0, 1, 15, 16, 17, 511, 512, 513, 4096, 100_000];

    public string Name => "block-debug-full-write";

    public int Run(string[] args)
    {
        TestLibrary.Initialize();
        using (GilScope.Enter())
        {
            foreach (long size in Sizes)
            {
                Exercise(PyMemBlock.Allocate(size), size);
                Exercise(PyObjectBlock.Allocate(size), size);
                Exercise(RawBlock.Allocate(size), size);
                Exercise(PyMemBlock.AllocateZeroed(size, 1), size);
                Exercise(PyObjectBlock.AllocateZeroed(1, size), size);

                using var mem = ScopedPyMemBlock.Allocate(size);
                mem.Span.Fill(0x77);
                using var obj = ScopedPyObjectBlock.Allocate(size);
                obj.Span.Fill(0x77);
                using var raw = ScopedRawBlock.Allocate(size);
                raw.Span.Fill(0x77);
            }
        }

        // Blocks freed from the queue: by the finalizer (no GIL), then drained by the next scope.
        DropFilledBlocks();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using (GilScope.Enter())
        {
            PyRun.Exec("import gc; gc.collect()");
        }

        Console.WriteLine("ok");
        return 0;
    }

    private static void Exercise(NativeBlock block, long size)
    {
        using (block)
        {
            block.Span.Fill(0x77);
            block.Resize(size + 1000);
            block.Span.Fill(0x78);
            block.Resize(size);
            block.AsMemory().Span.Fill(0x79);
            using (block.AsMemory().Pin())
            {
                block.CopyFrom(new byte[size]);
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DropFilledBlocks()
    {
        using GilScope gil = GilScope.Enter();
        foreach (long size in Sizes)
        {
            PyMemBlock.Allocate(size).Span.Fill(0x66);
            PyObjectBlock.Allocate(size).Span.Fill(0x66);
        }
    }
}
