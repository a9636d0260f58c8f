using System.Buffers;
using PyMemory.Tracking;

namespace PyMemory.Tests.Pooling;

/// <summary>Pooled blocks are Python memory: the tracker counts them and its limits and budget scopes apply to rents.</summary>
[Collection(UsesPython.Name)]
public sealed class PyMemoryPoolTrackingTests
{
    [Fact]
    public void The_trackers_figures_rise_by_the_block_a_rent_allocates_and_stay_while_it_is_retained()
    {
        MemoryTracker.Start(new MemoryTrackingOptions { PeakResolution = 0, SampleInterval = 0 });
        try
        {
            using var pool = new PyMemoryPool();
            MemorySnapshot before = MemoryTracker.GetSnapshot();
            IMemoryOwner<byte> owner = pool.Rent(3000);
            MemorySnapshot rented = MemoryTracker.GetSnapshot();
            owner.Dispose();
            MemorySnapshot retained = MemoryTracker.GetSnapshot();
            pool.Trim();
            MemorySnapshot trimmed = MemoryTracker.GetSnapshot();

            (rented.Raw.LiveBytes - before.Raw.LiveBytes).ShouldBe(4096); // the whole size class
            (rented.Raw.LiveBlocks - before.Raw.LiveBlocks).ShouldBe(1);
            (retained.Raw.LiveBytes - before.Raw.LiveBytes).ShouldBe(4096); // retained blocks are still Python memory
            (trimmed.Raw.LiveBytes - before.Raw.LiveBytes).ShouldBe(0);
        }
        finally
        {
            MemoryTracker.Stop();
        }
    }

    [Fact]
    public void A_budget_scope_refuses_a_rent_that_would_exceed_it()
    {
        MemoryTracker.Start(new MemoryTrackingOptions { PeakResolution = 0, SampleInterval = 0 });
        try
        {
            using var pool = new PyMemoryPool();
            using (MemoryBudgetScope budget = MemoryTracker.BeginBudget(1 << 20))
            {
                using IMemoryOwner<byte> fits = pool.Rent(1 << 20);

                // 2 MiB is beyond the budget even with the headroom a refused thread gets (256 KiB by default).
                BlockAllocationException error = Should.Throw<BlockAllocationException>(() => pool.Rent(1 << 20));

                error.Domain.ShouldBe(MemoryDomain.Raw);
                error.ByteCount.ShouldBe(1 << 20);
                budget.Rejections.ShouldBe(1);
                budget.LiveBytes.ShouldBe(1 << 20);
                pool.GetStatistics().RentedBlocks.ShouldBe(1); // the refused rent left nothing behind
            }

            EndGrace();
        }
        finally
        {
            MemoryTracker.Stop();
        }
    }

    [Fact]
    public void A_hard_limit_refuses_an_unpooled_rent_too()
    {
        MemoryTracker.Start(new MemoryTrackingOptions { PeakResolution = 0, SampleInterval = 0 });
        try
        {
            using var pool = new PyMemoryPool(new PyMemoryPoolOptions { MaximumBlockSize = 4096 });
            long live = MemoryTracker.GetSnapshot().Raw.LiveBytes;
            MemoryTracker.Limits = new MemoryLimits { RawBytes = live + (1 << 20) };
            try
            {
                Should.Throw<BlockAllocationException>(() => pool.Rent(4 << 20)).ByteCount.ShouldBe(4 << 20);
                pool.GetStatistics().UnpooledRentedBlocks.ShouldBe(0);
            }
            finally
            {
                MemoryTracker.Limits = null;
                EndGrace();
            }
        }
        finally
        {
            MemoryTracker.Stop();
        }
    }

    /// <summary>A refused thread may use the headroom above a limit until it allocates again far from every limit: do
    /// that now, so the next test on this thread starts without the grace.</summary>
    private static void EndGrace() => RawBlock.Allocate(1).Dispose();
}
