using PyMemory.Interop;
using PyMemory.Tests.Allocators;
using PyMemory.Tracking;

namespace PyMemory.Tests.Tracking;

/// <summary>
/// A deterministic set of direct allocator calls on one domain, and the figures they must add, worked out here by
/// hand: every size class the tracker treats differently (0 bytes, small, the size map's largest inline size 65533
/// and the first side-table sizes above it, megabytes), calloc, realloc(NULL), growing and shrinking reallocs across
/// the inline/side boundary, realloc to 0, free(NULL), and one request the allocator below refuses.
/// </summary>
internal static class TrackerWorkload
{
    private static readonly nuint[] Sizes = [0, 1, 15, 16, 17, 100, 400, 511, 512, 513, 4096, 65532, 65533, 65534, 65535, 70000, 1 << 20];

    /// <summary>Runs the calls (MEM and OBJ need the GIL) and returns the figures they add.</summary>
    public static DomainMemoryFigures Run(PythonApi api, MemoryDomain domain)
    {
        long allocations = 0, frees = 0, reallocations = 0, bytesAllocated = 0, bytesFreed = 0;
        var blocks = new List<(nint Block, long Size)>();
        foreach (nuint size in Sizes)
        {
            blocks.Add((Check(RawDomainCalls.Malloc(api, domain, size)), (long)size));
            blocks.Add((Check(RawDomainCalls.Calloc(api, domain, 3, size)), 3 * (long)size));
            allocations += 2;
            bytesAllocated += 4 * (long)size;
        }

        // realloc(NULL, n) is an allocation; the others move one block through every size class and back.
        nint moving = Check(RawDomainCalls.Realloc(api, domain, 0, 10));
        allocations++;
        bytesAllocated += 10;
        long current = 10;
        foreach (long next in (ReadOnlySpan<long>)[100, 65533, 65534, 200_000, 65533, 50, 0, 3000])
        {
            moving = Check(RawDomainCalls.Realloc(api, domain, moving, (nuint)next));
            reallocations++;
            bytesFreed += current;
            bytesAllocated += next;
            current = next;
        }

        blocks.Add((moving, current));
        foreach ((nint block, long size) in blocks)
        {
            RawDomainCalls.Free(api, domain, block);
            frees++;
            bytesFreed += size;
        }

        RawDomainCalls.Free(api, domain, 0); // free(NULL) is no call at all

        // PY_SSIZE_T_MAX passes CPython's own size check and reaches the allocator, which refuses it.
        RawDomainCalls.Malloc(api, domain, unchecked((nuint)long.MaxValue)).ShouldBe(0);
        return new DomainMemoryFigures(bytesAllocated - bytesFreed, allocations - frees, 0, allocations, frees, reallocations, bytesAllocated, bytesFreed, 1, 0, 0, 0);
    }

    private static nint Check(nint block) => block != 0 ? block : throw new InsufficientMemoryException("the workload's allocation failed");
}
