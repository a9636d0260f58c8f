using System.Buffers;
using PyMemory.Diagnostics;

namespace PyMemory.Tests.Pooling;

/// <summary>Small helpers of the pool tests.</summary>
internal static unsafe class PoolProbe
{
    /// <summary>The address of a rental's memory (pinned for the moment of reading it).</summary>
    public static nint AddressOf(IMemoryOwner<byte> owner)
    {
        using MemoryHandle pin = owner.Memory.Pin();
        return (nint)pin.Pointer;
    }

    /// <summary>A span over memory the test knows the pool still owns (a retained block), read through a pointer kept from
    /// before the return, as buggy code would.</summary>
    public static ReadOnlySpan<byte> Raw(nint address, int length) => new((void*)address, length);

    public static PoolSizeClassStatistics ClassOf(PyMemoryPool pool, int blockSize) =>
        pool.GetStatistics().Classes.Single(c => c.BlockSize == blockSize);

    /// <summary>Rents <paramref name="count"/> blocks of one class at once and checks that no two share an address (a block
    /// the pool held twice would be handed out twice), then returns them.</summary>
    public static void RentDistinct(PyMemoryPool pool, int size, long count)
    {
        var owners = new List<IMemoryOwner<byte>>();
        try
        {
            var addresses = new HashSet<nint>();
            for (long i = 0; i < count; i++)
            {
                owners.Add(pool.Rent(size));
                addresses.Add(AddressOf(owners[^1])).ShouldBeTrue("the pool handed out a block that is already rented");
            }
        }
        finally
        {
            owners.ForEach(o => o.Dispose());
        }
    }

    /// <summary>Live PyMemory blocks of one domain now.</summary>
    public static long LiveBlocks(MemoryDomain domain) => LiveBlocks(LiveHandles.Snapshot(), domain);

    public static long LiveBlocks(LiveHandleCounts counts, MemoryDomain domain) => domain switch
    {
        MemoryDomain.Raw => counts.RawBlocks,
        MemoryDomain.Mem => counts.PyMemBlocks,
        _ => counts.PyObjectBlocks,
    };
}
