using System.Globalization;
using System.Runtime.CompilerServices;
using PyMemory.Diagnostics;

namespace PyMemory.ChildHost;

/// <summary>
/// Drops many large RawBlocks without disposing them, every page written, and allocates next to nothing on the
/// managed heap: only the blocks' memory pressure can make the GC run their finalizers. The scenario watches its own
/// resident set size after every block and gives up (exit 3, "rss-exceeded" on stderr) once it passes the limit,
/// before the machine runs short. Arguments: block count, block size in MiB, RSS limit in MiB. Prints key=value lines.
/// </summary>
/// <remarks>
/// The limit is watched rather than imposed: RLIMIT_AS breaks the .NET runtime, which reserves far more address space
/// than it uses (the GC heap alone); RLIMIT_RSS is not enforced by Linux; a cgroup needs privileges the tests do not have.
/// </remarks>
internal sealed class BlockFinalizerPressureScenario : IChildScenario
{
    public string Name => "block-finalizer-pressure";

    public int Run(string[] args)
    {
        int count = int.Parse(args[0], CultureInfo.InvariantCulture);
        long size = long.Parse(args[1], CultureInfo.InvariantCulture) << 20;
        long limit = long.Parse(args[2], CultureInfo.InvariantCulture) << 20;
        TestLibrary.Initialize();

        long peak = ResidentMemory.Bytes();
        int collections = GC.CollectionCount(0);
        for (int i = 0; i < count; i++)
        {
            Drop(size);
            long rss = ResidentMemory.Bytes();
            peak = Math.Max(peak, rss);
            if (rss > limit)
            {
                Console.Error.WriteLine($"rss-exceeded after={i + 1} rss-mib={rss >> 20} limit-mib={limit >> 20}");
                Console.WriteLine($"peak-rss-mib={peak >> 20}");
                return 3;
            }
        }

        Console.WriteLine($"blocks={count}");
        Console.WriteLine($"peak-rss-mib={peak >> 20}");
        Console.WriteLine($"gen0-collections={GC.CollectionCount(0) - collections}");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Console.WriteLine($"live-raw-blocks={LiveHandles.Snapshot().RawBlocks}");
        return 0;
    }

    /// <summary>Allocates a block, writes a byte on every page so that it is resident, and drops it undisposed.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe void Drop(long size)
    {
        RawBlock block = RawBlock.Allocate(size);
        byte* pointer = (byte*)block.DangerousGetHandle();
        for (long offset = 0; offset < size; offset += 4096)
        {
            pointer[offset] = 1;
        }

        GC.KeepAlive(block); // not finalized while its pages are written
    }
}
