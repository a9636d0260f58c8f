using System.Buffers;

namespace PyMemory.ChildHost;

/// <summary>
/// Run with PYTHONMALLOC=debug (freed memory is filled with 0xDD): a pinned Memory keeps a disposed block's bytes
/// alive, and unpinning frees it. Prints the byte seen while pinned and after the unpin.
/// </summary>
internal sealed class BlockDebugPinScenario : IChildScenario
{
    public string Name => "block-debug-pin";

    public unsafe int Run(string[] args)
    {
        TestLibrary.Initialize();
        MemoryDomain domain = Enum.Parse<MemoryDomain>(args[0]);
        using GilScope gil = GilScope.Enter();
        NativeBlock block = domain == MemoryDomain.Mem ? PyMemBlock.Allocate(64) : PyObjectBlock.Allocate(64);
        block.Span.Fill(0x42);
        MemoryHandle pin = block.AsMemory().Pin();
        byte* middle = (byte*)pin.Pointer + 32;

        block.Dispose();
        Console.WriteLine($"pinned={*middle:X2}");
        pin.Dispose();
        // Reading freed memory is only sound here, in a throw-away process, with the debug hooks' fill to look at.
        Console.WriteLine($"unpinned={*middle:X2}");
        return 0;
    }
}
