namespace PyMemory.ChildHost;

/// <summary>Under PYTHONMALLOC=debug: writes one byte past a 16-byte MEM block, then frees it. The debug hooks must
/// report "bad trailing pad byte" and abort. Uses the raw layer on purpose (the safe API would not allow it).</summary>
internal sealed class DebugTrailingPadScenario : IChildScenario
{
    public string Name => "debug-trailing-pad";

    public unsafe int Run(string[] args)
    {
        TestLibrary.Initialize();
        var api = RawLayer.Api();
        using GilScope gil = GilScope.Enter();
        byte* block = (byte*)api.PyMem_Malloc(16);
        block[16] = (byte)'x'; // the first guard byte after the block
        Console.WriteLine("freeing");
        Console.Out.Flush();
        api.PyMem_Free(block);
        Console.WriteLine("not detected");
        return 0;
    }
}
