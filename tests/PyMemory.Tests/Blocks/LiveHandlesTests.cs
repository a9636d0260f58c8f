using System.Buffers;
using System.Runtime.CompilerServices;
using PyMemory.Diagnostics;

namespace PyMemory.Tests.Blocks;

/// <summary><see cref="LiveHandles"/>: each handle type counted from ownership to its one release.</summary>
[Collection(SerialCountTests.Name)]
public class LiveHandlesTests
{
    public LiveHandlesTests()
    {
        SerialCountTests.Settle();
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void A_block_counts_as_live_of_its_own_type_until_disposed_once(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        LiveHandleCounts before = LiveHandles.Snapshot();

        NativeBlock block = TestBlocks.Allocate(domain, 32);
        LiveHandleCounts live = LiveHandles.Snapshot();
        block.Dispose();
        block.Dispose();

        live.ShouldBe(WithBlocks(before, domain, 1));
        LiveHandles.Snapshot().ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void A_zero_filled_block_counts_too(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        LiveHandleCounts before = LiveHandles.Snapshot();

        using (TestBlocks.AllocateZeroed(domain, 4, 8))
        {
            LiveHandles.Snapshot().ShouldBe(WithBlocks(before, domain, 1));
        }

        LiveHandles.Snapshot().ShouldBe(before);
    }

    [Fact]
    public void A_failed_allocation_never_counts()
    {
        LiveHandleCounts before = LiveHandles.Snapshot();

        RawBlock.TryAllocate(nint.MaxValue, out RawBlock? block).ShouldBeFalse();

        block.ShouldBeNull();
        LiveHandles.Snapshot().ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void A_block_left_to_the_finalizer_stops_counting_when_it_is_finalized(MemoryDomain domain)
    {
        LiveHandleCounts before = LiveHandles.Snapshot();

        WeakReference dropped = AllocateAndDrop(domain);
        LiveHandles.Snapshot().ShouldBe(WithBlocks(before, domain, 1));
        SerialCountTests.Settle();

        dropped.IsAlive.ShouldBeFalse();
        LiveHandles.Snapshot().ShouldBe(before);
        using (GilScope.Enter())
        {
            // MEM and OBJ blocks were queued by the finalizer (no GIL there); entering the GIL frees them.
        }
    }

    [Fact]
    public void A_pinned_block_stays_live_after_Dispose_until_the_last_unpin()
    {
        LiveHandleCounts before = LiveHandles.Snapshot();
        RawBlock block = RawBlock.Allocate(32);
        MemoryHandle pin = block.AsMemory().Pin();

        block.Dispose();
        LiveHandles.Snapshot().RawBlocks.ShouldBe(before.RawBlocks + 1);
        pin.Dispose();

        LiveHandles.Snapshot().ShouldBe(before);
    }

    [Fact]
    public void A_resized_block_is_still_one_block()
    {
        LiveHandleCounts before = LiveHandles.Snapshot();
        using RawBlock block = RawBlock.Allocate(32);

        block.Resize(1 << 20);
        block.Resize(0);

        LiveHandles.Snapshot().RawBlocks.ShouldBe(before.RawBlocks + 1);
    }

    [Fact]
    public void Object_handles_count_from_taking_a_reference_to_releasing_it()
    {
        using GilScope gil = GilScope.Enter();
        LiveHandleCounts before = LiveHandles.Snapshot();

        PyObjectHandle list = PyObjects.NewList(0);
        PyObjectHandle second = PyObjectHandle.FromBorrowedReference(list.DangerousGetPointer());
        LiveHandleCounts live = LiveHandles.Snapshot();
        second.Dispose();
        list.Dispose();
        list.Dispose();

        live.ShouldBe(before with { PyObjectHandles = before.PyObjectHandles + 2 });
        LiveHandles.Snapshot().ShouldBe(before);
    }

    [Fact]
    public void Counts_stay_exact_under_many_threads_creating_and_releasing_at_once()
    {
        const int Threads = 8;
        const int Held = 100;
        LiveHandleCounts before = LiveHandles.Snapshot();
        using var allHolding = new Barrier(Threads + 1);
        using var release = new ManualResetEventSlim();
        var blocks = new RawBlock[Threads][];

        Thread[] threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            for (int i = 0; i < 2_000; i++)
            {
                RawBlock.Allocate(16).Dispose();
            }

            blocks[t] = Enumerable.Range(0, Held).Select(_ => RawBlock.Allocate(16)).ToArray();
            allHolding.SignalAndWait();
            release.Wait();
            foreach (RawBlock block in blocks[t])
            {
                block.Dispose();
            }
        })).ToArray();
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        allHolding.SignalAndWait();
        LiveHandleCounts holding = LiveHandles.Snapshot();
        release.Set();
        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        holding.RawBlocks.ShouldBe(before.RawBlocks + (Threads * Held));
        LiveHandles.Snapshot().ShouldBe(before);
    }

    [Fact]
    public void Blocks_adds_up_the_three_block_counts()
    {
        new LiveHandleCounts(1, 20, 300, 4000).Blocks.ShouldBe(321);
    }

    private static LiveHandleCounts WithBlocks(LiveHandleCounts counts, MemoryDomain domain, long more) => domain switch
    {
        MemoryDomain.Raw => counts with { RawBlocks = counts.RawBlocks + more },
        MemoryDomain.Mem => counts with { PyMemBlocks = counts.PyMemBlocks + more },
        _ => counts with { PyObjectBlocks = counts.PyObjectBlocks + more },
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference AllocateAndDrop(MemoryDomain domain) => new(TestBlocks.AllocateUnderGil(domain, 32));
}
