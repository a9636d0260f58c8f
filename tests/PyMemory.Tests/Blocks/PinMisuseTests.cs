using System.Buffers;
using System.Runtime.InteropServices;
using PyMemory.Diagnostics;

namespace PyMemory.Tests.Blocks;

/// <summary>
/// <see cref="NativeBlock.AsMemory()"/> pins used carelessly: several pins of a slice, released on another thread in
/// reverse order after the block was disposed; a <see cref="MemoryHandle"/> copied into several structs; stray unpins
/// through the manager itself. The block must be freed exactly at the last real unpin, counted once.
/// </summary>
[Collection(SerialCountTests.Name)]
public class PinMisuseTests
{
    public PinMisuseTests()
    {
        SerialCountTests.Settle();
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Two_pins_of_a_slice_released_in_reverse_order_on_a_thread_without_the_GIL_free_at_the_last(MemoryDomain domain)
    {
        LiveHandleCounts before = LiveHandles.Snapshot();
        NativeBlock block;
        MemoryHandle first;
        MemoryHandle second;
        using (GilScope.Enter())
        {
            block = TestBlocks.Allocate(domain, 64);
            Memory<byte> slice = block.AsMemory().Slice(16, 8);
            first = slice.Pin();
            second = slice.Pin();
            block.Dispose();
        }

        int pendingBefore = PythonRuntime.PendingReleaseCount;
        bool closedAfterFirst = true;
        LiveHandleCounts afterFirst = default;
        var releaser = new Thread(() =>
        {
            second.Dispose();
            closedAfterFirst = block.IsClosed;
            afterFirst = LiveHandles.Snapshot();
            first.Dispose();
            first.Dispose();
        });
        releaser.Start();
        releaser.Join();

        closedAfterFirst.ShouldBeFalse();
        afterFirst.Blocks.ShouldBe(before.Blocks + 1);
        block.IsClosed.ShouldBeTrue();
        LiveHandles.Snapshot().ShouldBe(before);

        // MEM and OBJ: the release ran without the GIL, so the free waits in the queue (exactly one entry).
        PythonRuntime.PendingReleaseCount.ShouldBe(pendingBefore + (domain == MemoryDomain.Raw ? 0 : 1));
        PythonRuntime.DrainPendingReleases();
        PythonRuntime.PendingReleaseCount.ShouldBe(0);
    }

    [Fact]
    public void Copies_of_one_pin_in_several_structs_all_disposed_leave_another_pin_holding_the_block()
    {
        LiveHandleCounts before = LiveHandles.Snapshot();
        RawBlock block = RawBlock.Allocate(32);
        Memory<byte> memory = block.AsMemory();
        var copies = new PinHolder[4];
        MemoryHandle shared = memory.Pin();
        for (int i = 0; i < copies.Length; i++)
        {
            copies[i] = new PinHolder(shared);
        }

        MemoryHandle other = memory.Pin();

        shared.Dispose();
        foreach (PinHolder copy in copies)
        {
            copy.Pin.Dispose();
            copy.Pin.Dispose();
        }

        // One pin is left: resizing is still refused and disposing the block does not free it.
        Should.Throw<InvalidOperationException>(() => block.Resize(64)).Message.ShouldContain("pinned");
        block.Dispose();
        block.IsClosed.ShouldBeFalse();
        LiveHandles.Snapshot().RawBlocks.ShouldBe(before.RawBlocks + 1);

        other.Dispose();
        block.IsClosed.ShouldBeTrue();
        LiveHandles.Snapshot().ShouldBe(before);
    }

    [Fact]
    public void Stray_unpins_through_the_manager_after_a_pinned_Dispose_release_the_block_once()
    {
        LiveHandleCounts before = LiveHandles.Snapshot();
        RawBlock block = RawBlock.Allocate(32);
        Memory<byte> memory = block.AsMemory();
        MemoryMarshal.TryGetMemoryManager<byte, MemoryManager<byte>>(memory, out MemoryManager<byte>? manager).ShouldBeTrue();
        MemoryHandle pin = memory.Pin();
        block.Dispose();

        manager!.Unpin(); // pays for the one pin: the block is freed here
        block.IsClosed.ShouldBeTrue();
        manager.Unpin();
        pin.Dispose(); // its pin was already released through the manager: nothing left to release

        LiveHandles.Snapshot().ShouldBe(before);
    }

    [Fact]
    public void Pin_after_a_pinned_Dispose_throws_although_the_memory_is_still_alive()
    {
        RawBlock block = RawBlock.Allocate(32);
        Memory<byte> memory = block.AsMemory();
        MemoryHandle pin = memory.Pin();
        block.Dispose();

        Should.Throw<ObjectDisposedException>(() => memory.Pin());
        Should.Throw<ObjectDisposedException>(() => memory.Slice(4).Pin());
        Should.Throw<ObjectDisposedException>(() => block.AsMemory());
        Should.Throw<ObjectDisposedException>(() => block.Resize(64));
        block.IsClosed.ShouldBeFalse();

        pin.Dispose();
        block.IsClosed.ShouldBeTrue();
    }

    [Fact]
    public void Pins_from_many_threads_at_once_all_released_let_Dispose_free_at_once()
    {
        const int Threads = 8;
        LiveHandleCounts before = LiveHandles.Snapshot();
        RawBlock block = RawBlock.Allocate(128);
        Memory<byte> memory = block.AsMemory();
        using var start = new Barrier(Threads);

        Thread[] threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < 2_000; i++)
            {
                MemoryHandle pin = memory.Slice(t * 16, 16).Pin();
                MemoryHandle copy = pin;
                pin.Dispose();
                copy.Dispose();
            }
        })).ToArray();
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        block.Resize(256); // no pin is left
        block.Dispose();
        block.IsClosed.ShouldBeTrue();
        LiveHandles.Snapshot().ShouldBe(before);
    }

    [Fact]
    public void A_large_block_resized_across_the_threshold_both_ways_reports_only_while_large()
    {
        long threshold = NativeBlock.MemoryPressureThreshold;
        long before = MemoryPressureLedger.Shared.Live;
        RawBlock block = RawBlock.Allocate(threshold - 1);
        MemoryPressureLedger.Shared.Live.ShouldBe(before);

        block.Resize(threshold);
        MemoryPressureLedger.Shared.Live.ShouldBe(before + threshold);
        block.TryResize(long.MaxValue / 2).ShouldBeFalse(); // fails: the report stays at the old size
        MemoryPressureLedger.Shared.Live.ShouldBe(before + threshold);
        block.Resize(threshold - 1);
        MemoryPressureLedger.Shared.Live.ShouldBe(before);
        block.Resize(4 * threshold);
        MemoryPressureLedger.Shared.Live.ShouldBe(before + (4 * threshold));

        MemoryHandle pin = block.AsMemory().Pin();
        block.Dispose();
        MemoryPressureLedger.Shared.Live.ShouldBe(before + (4 * threshold)); // still owned through the pin
        pin.Dispose();
        MemoryPressureLedger.Shared.Live.ShouldBe(before);
    }

    [Fact]
    public void Windows_and_pins_outside_the_block_are_refused_before_anything_is_pinned()
    {
        using RawBlock block = RawBlock.Allocate(64);
        Memory<byte> memory = block.AsMemory(8, 16);
        MemoryMarshal.TryGetMemoryManager<byte, MemoryManager<byte>>(memory, out MemoryManager<byte>? manager).ShouldBeTrue();

        Should.Throw<ArgumentOutOfRangeException>(() => block.AsMemory(-1, 4));
        Should.Throw<ArgumentOutOfRangeException>(() => block.AsMemory(0, -1));
        Should.Throw<ArgumentOutOfRangeException>(() => block.AsMemory(60, 8));
        Should.Throw<ArgumentOutOfRangeException>(() => block.AsMemory(long.MaxValue, 1));
        Should.Throw<ArgumentOutOfRangeException>(() => manager!.Pin(-1));
        Should.Throw<ArgumentOutOfRangeException>(() => manager!.Pin(17));

        block.Resize(128); // the refused pins took nothing: no pin blocks the resize
    }

    [Fact]
    public unsafe void A_pin_never_released_keeps_the_memory_even_after_the_block_is_collected()
    {
        LiveHandleCounts before = LiveHandles.Snapshot();

        (WeakReference dropped, nint pinned) = AllocatePinAndDrop();
        SerialCountTests.Settle();

        // The block object is gone, but native code may still hold the pinned address: nothing frees under a pin.
        dropped.IsAlive.ShouldBeFalse();
        LiveHandles.Snapshot().RawBlocks.ShouldBe(before.RawBlocks + 1);
        new ReadOnlySpan<byte>((void*)pinned, 32).ContainsAnyExcept((byte)0x42).ShouldBeFalse();
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static unsafe (WeakReference Block, nint Pinned) AllocatePinAndDrop()
    {
        RawBlock block = RawBlock.Allocate(32);
        block.Span.Fill(0x42);
        MemoryHandle forgotten = block.AsMemory().Pin(); // never disposed: the careless part
        return (new WeakReference(block), (nint)forgotten.Pointer);
    }

    private readonly record struct PinHolder(MemoryHandle Pin);
}
