using PyMemory.Interop;
using PyMemory.Tests.Allocators;
using PyMemory.Tracking;

namespace PyMemory.Tests.Tracking;

/// <summary>
/// RAW figures stay exact when 8 .NET threads allocate, reallocate and free at once without the GIL: each thread's
/// counters have one writer, and a block freed on another thread than the one that allocated it is still settled
/// once. Blocks above 64 KiB go through the side table's lock, the others through the size map.
/// </summary>
[Collection(SerialAllocatorTests.Name)]
public sealed class TrackerThreadedRawTests
{
    private const int Threads = 8;
    private const int BlocksPerThread = 5000;

    [Fact]
    public void Eight_threads_without_the_GIL_give_exact_RAW_figures_and_live_bytes_return_to_the_start()
    {
        PythonApi api = PythonRuntime.Api;
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0 });
        try
        {
            MemorySnapshot before = MemoryTracker.GetSnapshot();
            var blocks = new nint[Threads][];
            using var allocated = new Barrier(Threads);
            var expected = new long[Threads, 3]; // bytes allocated, reallocations, reallocations of a neighbour's block
            var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
            {
                var mine = new nint[BlocksPerThread];
                long bytes = 0, reallocations = 0;
                for (int i = 0; i < BlocksPerThread; i++)
                {
                    nuint size = Size(t, i);
                    mine[i] = RawDomainCalls.Malloc(api, MemoryDomain.Raw, size);
                    bytes += (long)size;
                    if (i % 5 == 0)
                    {
                        // Grow by 8 bytes: the new size is added, the old one freed (counted in BytesFreed).
                        mine[i] = RawDomainCalls.Realloc(api, MemoryDomain.Raw, mine[i], size + 8);
                        bytes += (long)size + 8;
                        reallocations++;
                    }
                }

                blocks[t] = mine;
                expected[t, 0] = bytes;
                expected[t, 1] = reallocations;
                allocated.SignalAndWait();

                // Resize every third of the neighbour's blocks to 100 bytes, then free them all: every realloc and free
                // happens on another thread than the allocation, and each settles the block's size exactly once.
                int neighbour = (t + 1) % Threads;
                long moved = 0;
                for (int i = 0; i < BlocksPerThread; i++)
                {
                    nint block = blocks[neighbour][i];
                    if (i % 3 == 0)
                    {
                        block = RawDomainCalls.Realloc(api, MemoryDomain.Raw, block, 100);
                        moved++;
                    }

                    RawDomainCalls.Free(api, MemoryDomain.Raw, block);
                }

                expected[t, 2] = moved;
            })).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join(FreshThread.Timeout).ShouldBeTrue("a worker hung"));

            blocks.ShouldAllBe(b => b != null && b.All(p => p != 0));
            MemorySnapshot after = MemoryTracker.GetSnapshot();
            long bytesAllocated = Enumerable.Range(0, Threads).Sum(t => expected[t, 0]);
            long reallocated = Enumerable.Range(0, Threads).Sum(t => expected[t, 1] + expected[t, 2]);
            long movedBytes = Enumerable.Range(0, Threads).Sum(t => expected[t, 2]) * 100;
            DomainMemoryFigures raw = after.Raw.Since(before.Raw);
            raw.ShouldBe(new DomainMemoryFigures(0, 0, 0, Threads * BlocksPerThread, Threads * BlocksPerThread, reallocated, bytesAllocated + movedBytes, bytesAllocated + movedBytes, 0, 0, 0, 0));
            after.Raw.LiveBytes.ShouldBe(before.Raw.LiveBytes);
            after.Raw.LiveBlocks.ShouldBe(before.Raw.LiveBlocks);
            (after.Threads - before.Threads).ShouldBeGreaterThanOrEqualTo(Threads);
        }
        finally
        {
            MemoryTracker.Stop();
        }
    }

    // Mostly small blocks of many sizes, every 97th one above 64 KiB (a side-table entry).
    private static nuint Size(int thread, int i) => i % 97 == 0 ? (nuint)(65_530 + (i % 13) + (thread * 1000)) : (nuint)(1 + ((i * 31) + thread) % 3000);
}
