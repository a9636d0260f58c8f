using PyMemory.Interop;
using PyMemory.Tracking;

namespace PyMemory.ChildHost;

/// <summary>
/// Many blocks of 1 to 8 bytes in MEM and OBJ, allocated one after the other and freed in the same order, with the
/// tracker from start-up. Under PYTHONMALLOC=mimalloc (3.13) such blocks are 8 bytes apart, two to a 16-byte granule
/// of the size map. Prints, per domain, what the blocks added to the figures and what they must add.
/// </summary>
internal sealed class TrackingSmallBlocksScenario : IChildScenario
{
    private const int Blocks = 4000;

    public string Name => "tracking-small-blocks";

    public unsafe int Run(string[] args)
    {
        PythonRuntime.Initialize(new PythonRuntimeOptions { LibraryPath = TestLibrary.Path, Tracking = new MemoryTrackingOptions { SampleInterval = 0 } });
        PythonApi api = RawLayer.Api();
        using GilScope gil = GilScope.Enter();
        int unaligned = 0;
        foreach (MemoryDomain domain in (ReadOnlySpan<MemoryDomain>)[MemoryDomain.Mem, MemoryDomain.Obj])
        {
            var blocks = new nint[Blocks];
            long bytes = 0;
            DomainMemoryFigures before = MemoryTracker.GetSnapshot()[domain];
            for (int i = 0; i < Blocks; i++)
            {
                nuint size = (nuint)(1 + (i % 8));
                blocks[i] = domain == MemoryDomain.Mem ? (nint)api.PyMem_Malloc(size) : (nint)api.PyObject_Malloc(size);
                bytes += (long)size;
                unaligned += (blocks[i] & 15) != 0 ? 1 : 0;
            }

            DomainMemoryFigures allocated = MemoryTracker.GetSnapshot()[domain];
            foreach (nint block in blocks)
            {
                if (domain == MemoryDomain.Mem)
                {
                    api.PyMem_Free((void*)block);
                }
                else
                {
                    api.PyObject_Free((void*)block);
                }
            }

            DomainMemoryFigures after = MemoryTracker.GetSnapshot()[domain];
            Console.WriteLine(FormattableString.Invariant(
                $"{domain}-allocated: live {allocated.LiveBytes - before.LiveBytes} B in {allocated.LiveBlocks - before.LiveBlocks} blocks (expected {bytes} B in {Blocks})"));
            Console.WriteLine(FormattableString.Invariant(
                $"{domain}-freed: frees {after.Frees - before.Frees}, untracked {after.UntrackedFrees - before.UntrackedFrees}, bytes freed {after.BytesFreed - before.BytesFreed}, live change {after.LiveBytes - before.LiveBytes} B in {after.LiveBlocks - before.LiveBlocks} blocks"));
        }

        Console.WriteLine("unaligned-blocks=" + unaligned);
        return 0;
    }
}
