using System.Buffers;
using PyMemory.Diagnostics;
using PyMemory.Tests.Blocks;

namespace PyMemory.Tests.Pooling;

/// <summary>Pools of the MEM and OBJ domains: the GIL rule at rent, and returns on threads without the GIL.</summary>
[Collection(UsesPython.Name)]
public sealed class PyMemoryPoolDomainTests
{
    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Blocks_are_PyMemory_blocks_of_the_chosen_domain(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        using var pool = new PyMemoryPool(new PyMemoryPoolOptions { Domain = domain });
        LiveHandleCounts before = LiveHandles.Snapshot();

        IMemoryOwner<byte> owner = pool.Rent(200);
        owner.Memory.Span.Fill(4);
        LiveHandleCounts rented = LiveHandles.Snapshot();
        PoolProbe.LiveBlocks(rented, domain).ShouldBe(PoolProbe.LiveBlocks(before, domain) + 1);
        rented.Blocks.ShouldBe(before.Blocks + 1);
        pool.Domain.ShouldBe(domain);
        pool.GetStatistics().Domain.ShouldBe(domain);
        owner.Dispose();
        pool.Trim();
        PoolProbe.LiveBlocks(LiveHandles.Snapshot(), domain).ShouldBe(PoolProbe.LiveBlocks(before, domain));
    }

    [Theory]
    [MemberData(nameof(TestBlocks.GilDomains), MemberType = typeof(TestBlocks))]
    public void Renting_without_the_gil_throws_GilRequiredException_even_when_a_block_is_retained(MemoryDomain domain)
    {
        using var pool = new PyMemoryPool(new PyMemoryPoolOptions { Domain = domain });
        using (GilScope.Enter())
        {
            pool.Rent(64).Dispose(); // retained now
        }

        Exception? error = FreshThread.Catch(() => pool.Rent(64));

        error.ShouldBeOfType<GilRequiredException>().Message.ShouldContain("PyMemoryPool.Rent");
        PoolProbe.ClassOf(pool, 64).ShouldBe(new PoolSizeClassStatistics(64, 32, 0, 1, 0, 1)); // nothing was taken
    }

    [Theory]
    [MemberData(nameof(TestBlocks.GilDomains), MemberType = typeof(TestBlocks))]
    public void Returning_without_the_gil_retains_the_block_and_a_freed_one_waits_for_the_gil(MemoryDomain domain)
    {
        using var pool = new PyMemoryPool(new PyMemoryPoolOptions { Domain = domain, MaxRetainedPerClass = 1 });
        IMemoryOwner<byte> kept;
        IMemoryOwner<byte> extra;
        using (GilScope.Enter())
        {
            PythonRuntime.DrainPendingReleases();
            kept = pool.Rent(64);
            extra = pool.Rent(64);
        }

        int pendingBefore = PythonRuntime.PendingReleaseCount;
        FreshThread.Run(() =>
        {
            kept.Dispose(); // retained: needs no GIL
            extra.Dispose(); // the class is full: freed, which for MEM/OBJ without the GIL means queued
        });

        PoolProbe.ClassOf(pool, 64).RetainedBlocks.ShouldBe(1);
        PythonRuntime.PendingReleaseCount.ShouldBeGreaterThanOrEqualTo(pendingBefore + 1); // (finalizers may queue more)
        using (GilScope.Enter())
        {
            PythonRuntime.PendingReleaseCount.ShouldBe(0); // the scope's enter freed the queue
            using IMemoryOwner<byte> again = pool.Rent(64);
            PoolProbe.ClassOf(pool, 64).Hits.ShouldBe(1);
        }
    }

    [Theory]
    [MemberData(nameof(TestBlocks.GilDomains), MemberType = typeof(TestBlocks))]
    public void Disposing_the_pool_without_the_gil_queues_its_retained_blocks(MemoryDomain domain)
    {
        var pool = new PyMemoryPool(new PyMemoryPoolOptions { Domain = domain });
        using (GilScope.Enter())
        {
            PythonRuntime.DrainPendingReleases();
            IMemoryOwner<byte> a = pool.Rent(64);
            IMemoryOwner<byte> b = pool.Rent(64);
            a.Dispose();
            b.Dispose();
        }

        FreshThread.Run(pool.Dispose);

        PythonRuntime.PendingReleaseCount.ShouldBeGreaterThanOrEqualTo(2);
        using (GilScope.Enter())
        {
            PythonRuntime.PendingReleaseCount.ShouldBe(0); // the scope's enter freed the queue
        }
    }


    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void A_steady_state_rent_and_return_allocates_only_the_rental_object(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        using var pool = new PyMemoryPool(new PyMemoryPoolOptions { Domain = domain });
        pool.Rent(64).Dispose();
        pool.Rent(64).Dispose(); // warmed up: the class retains a block, the paths are jitted

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            pool.Rent(64).Dispose();
        }

        long perRent = (GC.GetAllocatedBytesForCurrentThread() - before) / 1000;
        perRent.ShouldBeLessThanOrEqualTo(64, "one rental object (56 bytes) per rent, nothing else");
    }
}
