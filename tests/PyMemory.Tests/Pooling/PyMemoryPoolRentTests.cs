using System.Buffers;
using PyMemory.Diagnostics;

namespace PyMemory.Tests.Pooling;

/// <summary>Renting and returning: size classes, reuse, retention, unpooled requests, statistics.</summary>
[Collection(UsesPython.Name)]
public sealed class PyMemoryPoolRentTests
{
    [Theory]
    [InlineData(0, 64)]
    [InlineData(1, 64)]
    [InlineData(64, 64)]
    [InlineData(65, 128)]
    [InlineData(3000, 4096)]
    [InlineData(-1, PyMemoryPool.DefaultRentSize)]
    [InlineData(1 << 20, 1 << 20)]
    public void A_rent_gets_the_whole_block_of_the_smallest_class_that_fits(int request, int expected)
    {
        using var pool = new PyMemoryPool();
        using IMemoryOwner<byte> owner = pool.Rent(request);

        owner.Memory.Length.ShouldBe(expected);
        owner.Memory.Span.Fill(0x5A); // every byte is writable
        owner.Memory.Span[expected - 1].ShouldBe((byte)0x5A);
        PoolProbe.ClassOf(pool, expected).RentedBlocks.ShouldBe(1);
    }

    [Fact]
    public void A_request_above_the_largest_class_gets_a_block_of_its_own_that_is_freed_at_return()
    {
        using var pool = new PyMemoryPool(new PyMemoryPoolOptions { MaximumBlockSize = 4096 });
        long rawBefore = LiveHandles.Snapshot().RawBlocks;

        IMemoryOwner<byte> owner = pool.Rent(5000);
        owner.Memory.Length.ShouldBe(5000);
        owner.Memory.Span.Fill(1);
        LiveHandles.Snapshot().RawBlocks.ShouldBe(rawBefore + 1); // a PyMemory RAW block like any other
        PyMemoryPoolStatistics rented = pool.GetStatistics();
        (rented.UnpooledRents, rented.UnpooledRentedBlocks, rented.UnpooledRentedBytes, rented.RentedBytes).ShouldBe((1L, 1L, 5000L, 5000L));

        owner.Dispose();
        LiveHandles.Snapshot().RawBlocks.ShouldBe(rawBefore);
        PyMemoryPoolStatistics returned = pool.GetStatistics();
        (returned.UnpooledRentedBlocks, returned.UnpooledRentedBytes, returned.RetainedBlocks).ShouldBe((0L, 0L, 0L));
        Should.Throw<ObjectDisposedException>(() => owner.Memory);
    }

    [Fact]
    public void A_size_below_minus_one_is_refused()
    {
        using var pool = new PyMemoryPool();
        Should.Throw<ArgumentOutOfRangeException>(() => pool.Rent(-2));
        pool.MaxBufferSize.ShouldBe(int.MaxValue);
    }

    [Fact]
    public void A_returned_block_is_rented_again_and_counted_as_a_hit()
    {
        using var pool = new PyMemoryPool();
        IMemoryOwner<byte> first = pool.Rent(100);
        nint address = PoolProbe.AddressOf(first);
        first.Dispose();

        using IMemoryOwner<byte> second = pool.Rent(128);

        PoolProbe.AddressOf(second).ShouldBe(address);
        PoolSizeClassStatistics figures = PoolProbe.ClassOf(pool, 128);
        (figures.Hits, figures.Misses, figures.RentedBlocks, figures.RetainedBlocks).ShouldBe((1L, 1L, 1L, 0L));
    }

    [Fact]
    public void Memory_used_after_return_throws_and_never_reads_the_next_renters_data()
    {
        using var pool = new PyMemoryPool();
        IMemoryOwner<byte> first = pool.Rent(64);
        Memory<byte> stale = first.Memory;
        ReadOnlyMemory<byte> staleReadOnly = stale;
        Memory<byte> staleSlice = stale[8..16];
        first.Dispose();

        using IMemoryOwner<byte> second = pool.Rent(64); // the same block, now someone else's
        second.Memory.Span.Fill(0x77);

        Should.Throw<ObjectDisposedException>(() => stale.Span[0]);
        Should.Throw<ObjectDisposedException>(() => staleReadOnly.Span[0]);
        Should.Throw<ObjectDisposedException>(() => staleSlice.Span[0]);
        Should.Throw<ObjectDisposedException>(() => stale.Pin());
        Should.Throw<ObjectDisposedException>(() => first.Memory);
        Should.Throw<ObjectDisposedException>(() => stale.ToArray()).Message.ShouldContain("returned");
        second.Memory.Span[0].ShouldBe((byte)0x77);
    }

    [Fact]
    public void A_double_return_never_retains_the_block_twice()
    {
        using var pool = new PyMemoryPool();
        IMemoryOwner<byte> owner = pool.Rent(256);
        owner.Dispose();
        owner.Dispose(); // ignored outside diagnostic mode

        PoolProbe.ClassOf(pool, 256).RetainedBlocks.ShouldBe(1);
        using IMemoryOwner<byte> a = pool.Rent(256);
        using IMemoryOwner<byte> b = pool.Rent(256);
        PoolProbe.AddressOf(a).ShouldNotBe(PoolProbe.AddressOf(b)); // two renters never share a block
        PoolSizeClassStatistics figures = PoolProbe.ClassOf(pool, 256);
        (figures.Hits, figures.Misses, figures.RentedBlocks).ShouldBe((1L, 2L, 2L));
    }

    [Fact]
    public void Concurrent_double_returns_retain_the_block_once()
    {
        using var pool = new PyMemoryPool(new PyMemoryPoolOptions { MaxRetainedPerClass = 1000, MaxRetainedBytesPerClass = 1 << 30 });
        for (int round = 0; round < 200; round++)
        {
            IMemoryOwner<byte> owner = pool.Rent(64);
            using var start = new Barrier(2);
            Parallel.Invoke(
                () => { start.SignalAndWait(); owner.Dispose(); },
                () => { start.SignalAndWait(); owner.Dispose(); });
        }

        PoolSizeClassStatistics figures = PoolProbe.ClassOf(pool, 64);
        figures.RentedBlocks.ShouldBe(0);
        figures.RetainedBlocks.ShouldBe(figures.Misses); // each block retained once, however often it was returned
        PoolProbe.RentDistinct(pool, 64, figures.RetainedBlocks + 1);
    }

    [Fact]
    public void Each_class_retains_at_most_its_cap_and_frees_the_rest()
    {
        using var pool = new PyMemoryPool(new PyMemoryPoolOptions { MaxRetainedPerClass = 2, MaxRetainedBytesPerClass = 8192 });
        long rawBefore = LiveHandles.Snapshot().RawBlocks;
        IMemoryOwner<byte>[] small = [.. Enumerable.Range(0, 3).Select(_ => pool.Rent(64))];
        IMemoryOwner<byte>[] large = [.. Enumerable.Range(0, 3).Select(_ => pool.Rent(4096))];
        LiveHandles.Snapshot().RawBlocks.ShouldBe(rawBefore + 6);

        foreach (IMemoryOwner<byte> owner in small.Concat(large))
        {
            owner.Dispose();
        }

        PoolProbe.ClassOf(pool, 64).RetainedBlocks.ShouldBe(2); // MaxRetainedPerClass
        PoolProbe.ClassOf(pool, 4096).RetainedBlocks.ShouldBe(2); // 8192 bytes / 4096
        PoolProbe.ClassOf(pool, 8192).MaxRetained.ShouldBe(1);
        PoolProbe.ClassOf(pool, 16384).MaxRetained.ShouldBe(0);
        LiveHandles.Snapshot().RawBlocks.ShouldBe(rawBefore + 4); // the third of each class was freed
        pool.GetStatistics().RetainedBytes.ShouldBe((2 * 64) + (2 * 4096));
    }

    [Fact]
    public void A_class_that_retains_nothing_frees_every_returned_block()
    {
        using var pool = new PyMemoryPool(new PyMemoryPoolOptions { MaxRetainedPerClass = 0 });
        long rawBefore = LiveHandles.Snapshot().RawBlocks;
        IMemoryOwner<byte> owner = pool.Rent(64);
        LiveHandles.Snapshot().RawBlocks.ShouldBe(rawBefore + 1);
        owner.Dispose();

        LiveHandles.Snapshot().RawBlocks.ShouldBe(rawBefore);
        pool.GetStatistics().RetainedBlocks.ShouldBe(0);
        pool.MaxRetainedBytes.ShouldBe(0);
    }

    [Theory]
    [InlineData(PoolReturnFill.Zero, 0x00)]
    [InlineData(PoolReturnFill.Poison, PyMemoryPoolOptions.DefaultPoisonByte)]
    public void The_return_fill_overwrites_the_block_before_anyone_can_rent_it(PoolReturnFill fill, byte expected)
    {
        using var pool = new PyMemoryPool(new PyMemoryPoolOptions { ReturnFill = fill });
        IMemoryOwner<byte> owner = pool.Rent(512);
        owner.Memory.Span.Fill(0x42);
        nint address = PoolProbe.AddressOf(owner);
        owner.Dispose();

        // The block is retained (still the pool's memory), so reading it through the old address is safe here.
        PoolProbe.Raw(address, 512).IndexOfAnyExcept(expected).ShouldBe(-1);
        using IMemoryOwner<byte> next = pool.Rent(512);
        PoolProbe.AddressOf(next).ShouldBe(address);
        next.Memory.Span.IndexOfAnyExcept(expected).ShouldBe(-1);
    }

    [Fact]
    public void Without_a_fill_the_next_renter_sees_the_old_bytes()
    {
        using var pool = new PyMemoryPool();
        IMemoryOwner<byte> owner = pool.Rent(512);
        owner.Memory.Span.Fill(0x42);
        owner.Dispose();

        using IMemoryOwner<byte> next = pool.Rent(512);
        next.Memory.Span[100].ShouldBe((byte)0x42); // as ArrayPool: documented, and what ReturnFill is for
    }

    [Fact]
    public void Trim_frees_the_retained_blocks_and_leaves_rented_ones_alone()
    {
        using var pool = new PyMemoryPool();
        long rawBefore = LiveHandles.Snapshot().RawBlocks;
        IMemoryOwner<byte> kept = pool.Rent(64);
        pool.Rent(64).Dispose();
        pool.Rent(1000).Dispose();
        LiveHandles.Snapshot().RawBlocks.ShouldBe(rawBefore + 3); // the kept 64, a second 64 and a 1024
        pool.GetStatistics().RetainedBlocks.ShouldBe(2);

        pool.Trim().ShouldBe(64 + 1024);

        pool.GetStatistics().RetainedBlocks.ShouldBe(0);
        LiveHandles.Snapshot().RawBlocks.ShouldBe(rawBefore + 1);
        kept.Memory.Span.Fill(3); // still valid
        kept.Dispose();
        pool.GetStatistics().RetainedBlocks.ShouldBe(1);
        pool.Trim().ShouldBe(64);
        pool.Trim().ShouldBe(0);
    }

    [Fact]
    public void The_idle_trim_frees_the_blocks_of_classes_nobody_rented_from_since_the_last_check()
    {
        var clock = new ManualTimeProvider();
        var pool = new PyMemoryPool(new PyMemoryPoolOptions { IdleTrimAfter = TimeSpan.FromSeconds(30), TimeProvider = clock });
        clock.Periods.ShouldBe([TimeSpan.FromSeconds(30)]);
        pool.Rent(64).Dispose();
        pool.Rent(4096).Dispose();

        clock.Fire(); // both classes were used since the pool began: kept
        pool.GetStatistics().RetainedBlocks.ShouldBe(2);

        pool.Rent(64).Dispose();
        clock.Fire(); // 4096 idle for a whole period: freed; 64 used again: kept
        PoolProbe.ClassOf(pool, 4096).RetainedBlocks.ShouldBe(0);
        PoolProbe.ClassOf(pool, 64).RetainedBlocks.ShouldBe(1);

        clock.Fire();
        pool.GetStatistics().RetainedBlocks.ShouldBe(0);

        pool.Dispose();
        clock.LiveTimers.ShouldBe(0); // the pool stops its timer
        clock.Fire(); // and a late tick does nothing
    }

    [Fact]
    public void Dispose_frees_the_retained_blocks_and_rentals_out_stay_valid_until_returned()
    {
        var pool = new PyMemoryPool();
        long rawBefore = LiveHandles.Snapshot().RawBlocks;
        IMemoryOwner<byte> outstanding = pool.Rent(2048);
        pool.Rent(64).Dispose();
        LiveHandles.Snapshot().RawBlocks.ShouldBe(rawBefore + 2);

        pool.Dispose();

        LiveHandles.Snapshot().RawBlocks.ShouldBe(rawBefore + 1);
        outstanding.Memory.Span.Fill(9);
        outstanding.Memory.Span[2047].ShouldBe((byte)9);
        outstanding.Dispose();
        LiveHandles.Snapshot().RawBlocks.ShouldBe(rawBefore); // freed, not retained by a disposed pool
        Should.Throw<ObjectDisposedException>(() => pool.Rent(64));
        pool.Trim().ShouldBe(0);
        pool.Dispose(); // twice: harmless
    }

    [Fact]
    public void Statistics_count_rented_and_retained_blocks_hits_and_misses_per_class()
    {
        using var pool = new PyMemoryPool();
        IMemoryOwner<byte> a = pool.Rent(64);
        IMemoryOwner<byte> b = pool.Rent(64);
        IMemoryOwner<byte> c = pool.Rent(3000);
        a.Dispose();
        IMemoryOwner<byte> d = pool.Rent(50); // a hit

        PyMemoryPoolStatistics statistics = pool.GetStatistics();
        statistics.Domain.ShouldBe(MemoryDomain.Raw);
        PoolProbe.ClassOf(pool, 64).ShouldBe(new PoolSizeClassStatistics(64, 32, RentedBlocks: 2, RetainedBlocks: 0, Hits: 1, Misses: 2));
        PoolProbe.ClassOf(pool, 4096).ShouldBe(new PoolSizeClassStatistics(4096, 32, RentedBlocks: 1, RetainedBlocks: 0, Hits: 0, Misses: 1));
        (statistics.RentedBlocks, statistics.RentedBytes, statistics.Hits, statistics.Misses).ShouldBe((3L, 64L + 64 + 4096, 1L, 3L));
        statistics.ToString().ShouldContain("3 rented");

        foreach (IMemoryOwner<byte> owner in new[] { b, c, d })
        {
            owner.Dispose();
        }

        PyMemoryPoolStatistics after = pool.GetStatistics();
        (after.RentedBlocks, after.RetainedBlocks, after.RetainedBytes).ShouldBe((0L, 3L, 64L + 64 + 4096));
    }

    [Fact]
    public void The_figures_keep_the_rents_of_blocks_that_were_freed()
    {
        // Each block counts its own rents and returns; a freed block's counts must move to its class, or the hits of
        // blocks refused at return, trimmed or discarded would vanish from the figures.
        using var pool = new PyMemoryPool(new PyMemoryPoolOptions { MaxRetainedPerClass = 1 });
        IMemoryOwner<byte>[] three = [pool.Rent(64), pool.Rent(64), pool.Rent(64)];
        foreach (IMemoryOwner<byte> owner in three)
        {
            owner.Dispose(); // the first is retained, the other two are freed: the class is full
        }

        PoolProbe.ClassOf(pool, 64).ShouldBe(new PoolSizeClassStatistics(64, 1, RentedBlocks: 0, RetainedBlocks: 1, Hits: 0, Misses: 3));
        for (int i = 0; i < 5; i++)
        {
            pool.Rent(64).Dispose();
        }

        pool.Trim().ShouldBe(64);
        PoolProbe.ClassOf(pool, 64).ShouldBe(new PoolSizeClassStatistics(64, 1, RentedBlocks: 0, RetainedBlocks: 0, Hits: 5, Misses: 3));

        IMemoryOwner<byte> again = pool.Rent(64);
        PoolProbe.ClassOf(pool, 64).ShouldBe(new PoolSizeClassStatistics(64, 1, RentedBlocks: 1, RetainedBlocks: 0, Hits: 5, Misses: 4));
        again.Dispose();
        PoolProbe.ClassOf(pool, 64).ShouldBe(new PoolSizeClassStatistics(64, 1, RentedBlocks: 0, RetainedBlocks: 1, Hits: 5, Misses: 4));
    }

    [Fact]
    public void Many_threads_renting_and_returning_never_share_a_block_and_leave_the_figures_balanced()
    {
        using var pool = new PyMemoryPool(new PyMemoryPoolOptions { MaxRetainedPerClass = 4 });
        long rawBefore = LiveHandles.Snapshot().RawBlocks;
        int[] sizes = [64, 100, 4096, 70_000];
        Parallel.For(0, 4, worker =>
        {
            for (int i = 0; i < 3000; i++)
            {
                using IMemoryOwner<byte> owner = pool.Rent(sizes[(i + worker) % sizes.Length]);
                Span<byte> span = owner.Memory.Span;
                span.Fill((byte)worker);
                Thread.Yield();
                span.IndexOfAnyExcept((byte)worker).ShouldBe(-1, "another renter wrote into this block");
            }
        });

        PyMemoryPoolStatistics statistics = pool.GetStatistics();
        statistics.RentedBlocks.ShouldBe(0);
        (statistics.Hits + statistics.Misses).ShouldBe(12_000);
        LiveHandles.Snapshot().RawBlocks.ShouldBe(rawBefore + statistics.RetainedBlocks);
        statistics.Classes.ShouldAllBe(c => c.RetainedBlocks <= c.MaxRetained);
    }
}
