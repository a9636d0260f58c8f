using System.Buffers;

namespace PyMemory.ChildHost;

/// <summary>
/// Run with PYTHONMALLOC=debug (freed memory is filled with 0xDD): a slice of a MEM or OBJ block pinned twice, the
/// block disposed, and the pins released in reverse order on a thread without the GIL. Prints the byte under the pins
/// after each unpin and after the queued free is drained: the memory must survive until the last unpin, wait in the
/// queue then (no GIL on that thread), and be freed by the drain.
/// </summary>
internal sealed class BlockDebugReversePinsScenario : IChildScenario
{
    public string Name => "block-debug-reverse-pins";

    public unsafe int Run(string[] args)
    {
        TestLibrary.Initialize();
        MemoryDomain domain = Enum.Parse<MemoryDomain>(args[0]);
        MemoryHandle first, second;
        byte* middle;
        using (GilScope.Enter())
        {
            NativeBlock block = domain == MemoryDomain.Mem ? PyMemBlock.Allocate(64) : PyObjectBlock.Allocate(64);
            block.Span.Fill(0x42);
            Memory<byte> slice = block.AsMemory().Slice(16, 32);
            first = slice.Pin();
            second = slice.Pin();
            middle = (byte*)first.Pointer + 8;
            block.Dispose();
        }

        var releaser = new Thread(() =>
        {
            second.Dispose();
            Console.WriteLine($"after-second={*middle:X2}");
            first.Dispose();
            // Reading freed memory is only sound here, in a throw-away process, with the debug hooks' fill to look at.
            Console.WriteLine($"after-first={*middle:X2} pending={PythonRuntime.PendingReleaseCount}");
        });
        releaser.Start();
        releaser.Join();

        int drained = PythonRuntime.DrainPendingReleases();
        Console.WriteLine($"drained={drained} after-drain={*middle:X2}");
        return 0;
    }
}
