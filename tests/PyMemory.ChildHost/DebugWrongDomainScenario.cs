namespace PyMemory.ChildHost;

/// <summary>Under PYTHONMALLOC=debug: allocates a block in MEM and frees it through RAW. The debug hooks must report
/// the API misuse ("bad ID") and abort. Uses the raw layer on purpose.</summary>
internal sealed class DebugWrongDomainScenario : IChildScenario
{
    public string Name => "debug-wrong-domain";

    public unsafe int Run(string[] args)
    {
        TestLibrary.Initialize();
        var api = RawLayer.Api();
        using GilScope gil = GilScope.Enter();
        void* block = api.PyMem_Malloc(16);
        Console.WriteLine("freeing");
        Console.Out.Flush();
        api.PyMem_RawFree(block);
        Console.WriteLine("not detected");
        return 0;
    }
}
