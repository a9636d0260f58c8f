using System.Buffers;
using PyMemory.Diagnostics;

namespace PyMemory.Tests.Pooling;

/// <summary>Pins (how an export to Python holds a rental's memory): a pinned block is neither reused nor freed.</summary>
[Collection(UsesPython.Name)]
public sealed unsafe class PyMemoryPoolPinTests
{
    [Fact]
    public void A_block_returned_while_pinned_is_not_rented_again_until_the_last_pin_is_gone()
    {
        using var pool = new PyMemoryPool();
        IMemoryOwner<byte> owner = pool.Rent(64);
        MemoryHandle first = owner.Memory.Pin();
        MemoryHandle second = owner.Memory[10..].Pin();
        nint address = (nint)first.Pointer;
        ((nint)second.Pointer).ShouldBe(address + 10);

        owner.Dispose();
        ((byte*)first.Pointer)[0] = 0x11; // still this pinner's memory

        using (IMemoryOwner<byte> other = pool.Rent(64))
        {
            PoolProbe.AddressOf(other).ShouldNotBe(address);
        }

        PoolProbe.ClassOf(pool, 64).RentedBlocks.ShouldBe(1); // the pinned one counts until unpinned
        first.Dispose();
        PoolProbe.ClassOf(pool, 64).RentedBlocks.ShouldBe(1);
        second.Dispose();
        PoolProbe.ClassOf(pool, 64).RentedBlocks.ShouldBe(0);
        PoolProbe.ClassOf(pool, 64).RetainedBlocks.ShouldBe(2);

        // Back in the pool now: two rents get both blocks, the unpinned one among them.
        using IMemoryOwner<byte> a = pool.Rent(64);
        using IMemoryOwner<byte> b = pool.Rent(64);
        new[] { PoolProbe.AddressOf(a), PoolProbe.AddressOf(b) }.ShouldContain(address);
    }

    [Fact]
    public void A_pinned_block_outlives_the_pools_disposal_and_is_freed_at_the_last_unpin()
    {
        var pool = new PyMemoryPool();
        long rawBefore = LiveHandles.Snapshot().RawBlocks;
        IMemoryOwner<byte> owner = pool.Rent(4096);
        MemoryHandle pin = owner.Memory.Pin();
        owner.Dispose();
        pool.Dispose();

        ((byte*)pin.Pointer)[4095] = 1; // valid: pinned
        LiveHandles.Snapshot().RawBlocks.ShouldBe(rawBefore + 1);
        pin.Dispose();
        LiveHandles.Snapshot().RawBlocks.ShouldBe(rawBefore);
    }

    [Fact]
    public void Disposing_copies_of_a_pins_handle_unpins_once()
    {
        using var pool = new PyMemoryPool();
        IMemoryOwner<byte> owner = pool.Rent(64);
        MemoryHandle pin = owner.Memory.Pin();
        MemoryHandle keep = owner.Memory.Pin();
        MemoryHandle copy = pin;
        pin.Dispose();
        copy.Dispose(); // a copy of the same pin: must not release the other one

        owner.Dispose();
        PoolProbe.ClassOf(pool, 64).RetainedBlocks.ShouldBe(0); // still pinned by keep
        keep.Dispose();
        PoolProbe.ClassOf(pool, 64).RetainedBlocks.ShouldBe(1);
    }

    [Fact]
    public void An_unpin_called_on_the_manager_itself_releases_nothing()
    {
        using var pool = new PyMemoryPool();
        IMemoryOwner<byte> owner = pool.Rent(64);
        MemoryHandle pin = owner.Memory.Pin();
        MemoryMarshal_TryGetMemoryManager(owner.Memory).ShouldBeTrue();
        ((MemoryManager<byte>)owner).Unpin(); // no pin paid for it
        owner.Dispose();

        PoolProbe.ClassOf(pool, 64).RetainedBlocks.ShouldBe(0);
        pin.Dispose();
        PoolProbe.ClassOf(pool, 64).RetainedBlocks.ShouldBe(1);
    }

    [Fact]
    public void Pin_checks_the_index_and_refuses_a_returned_rental()
    {
        using var pool = new PyMemoryPool();
        IMemoryOwner<byte> owner = pool.Rent(64);
        var manager = (MemoryManager<byte>)owner;
        Should.Throw<ArgumentOutOfRangeException>(() => manager.Pin(65));
        using (MemoryHandle end = manager.Pin(64))
        {
            ((nint)end.Pointer).ShouldBe(PoolProbe.AddressOf(owner) + 64);
        }

        owner.Dispose();
        Should.Throw<ObjectDisposedException>(() => manager.Pin());
    }

    [Fact]
    public void Pins_and_returns_racing_on_many_threads_hand_each_block_back_exactly_once()
    {
        using var pool = new PyMemoryPool(new PyMemoryPoolOptions { MaxRetainedPerClass = 1000, MaxRetainedBytesPerClass = 1 << 30 });
        for (int round = 0; round < 500; round++)
        {
            IMemoryOwner<byte> owner = pool.Rent(64);
            Memory<byte> memory = owner.Memory;
            using var start = new Barrier(3);
            Parallel.Invoke(
                () => { start.SignalAndWait(); owner.Dispose(); },
                () => { start.SignalAndWait(); PinAndRelease(memory); },
                () => { start.SignalAndWait(); PinAndRelease(memory); });
        }

        PoolSizeClassStatistics figures = PoolProbe.ClassOf(pool, 64);
        figures.RentedBlocks.ShouldBe(0);
        figures.RetainedBlocks.ShouldBe(figures.Misses);
        PoolProbe.RentDistinct(pool, 64, figures.Misses + 1);
    }

    private static void PinAndRelease(Memory<byte> memory)
    {
        try
        {
            using MemoryHandle pin = memory.Pin();
            ((byte*)pin.Pointer)[0] = 1;
        }
        catch (ObjectDisposedException)
        {
            // lost the race to the return: a pin after it is refused
        }
    }

    private static bool MemoryMarshal_TryGetMemoryManager(Memory<byte> memory) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetMemoryManager<byte, MemoryManager<byte>>(memory, out _);
}
