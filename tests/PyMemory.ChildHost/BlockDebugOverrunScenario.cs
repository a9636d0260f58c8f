namespace PyMemory.ChildHost;

/// <summary>
/// Run with PYTHONMALLOC=debug: writes one byte past the end of a 16-byte block (through the raw pointer, which no
/// view allows) and frees it. The debug hooks must abort with "bad trailing pad byte": the control that shows the
/// clean full-length run would have been caught.
/// </summary>
internal sealed class BlockDebugOverrunScenario : IChildScenario
{
    public string Name => "block-debug-overrun";

    public unsafe int Run(string[] args)
    {
        TestLibrary.Initialize();
        MemoryDomain domain = Enum.Parse<MemoryDomain>(args[0]);
        using GilScope gil = GilScope.Enter();
        NativeBlock block = domain switch
        {
            MemoryDomain.Raw => RawBlock.Allocate(16),
            MemoryDomain.Mem => PyMemBlock.Allocate(16),
            _ => PyObjectBlock.Allocate(16),
        };
        ((byte*)block.DangerousGetHandle())[16] = 0x01;
        block.Dispose();
        Console.WriteLine("not detected");
        return 0;
    }
}
