namespace PyMemory.Tests.Blocks;

/// <summary>The scoped owners (<see cref="ScopedRawBlock"/>, <see cref="ScopedPyMemBlock"/>,
/// <see cref="ScopedPyObjectBlock"/>); each shared test runs in RAW, MEM and OBJ.</summary>
[Collection(UsesPython.Name)]
public class ScopedBlockTests
{
    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Allocate_gives_a_writable_block_of_the_requested_length(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        using var block = AnyScopedBlock.Allocate(domain, 256);

        block.Length.ShouldBe(256);
        block.IsDisposed.ShouldBeFalse();
        block.Span.Fill(3);
        block.AsSpan(250, 6).ToArray().ShouldBe(new byte[] { 3, 3, 3, 3, 3, 3 });
        block.AsSpan<long>().Length.ShouldBe(32);
        block.AsSpan<int>(8, 2)[1].ShouldBe(0x03030303);
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Zero_bytes_and_zeroed_blocks_are_valid(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        using var empty = AnyScopedBlock.Allocate(domain, 0);
        using var zeroed = AnyScopedBlock.AllocateZeroed(domain, 10, 10);

        empty.DangerousGetHandle().ShouldNotBe(0);
        empty.Span.IsEmpty.ShouldBeTrue();
        zeroed.Length.ShouldBe(100);
        zeroed.Span.ContainsAnyExcept((byte)0).ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Bad_sizes_throw_before_any_native_call(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();

        Should.Throw<ArgumentOutOfRangeException>(() => AnyScopedBlock.Allocate(domain, -1).Dispose());
        Should.Throw<ArgumentOutOfRangeException>(() => AnyScopedBlock.AllocateZeroed(domain, long.MaxValue, 2).Dispose());
        Should.Throw<ArgumentOutOfRangeException>(() => AnyScopedBlock.AllocateZeroed(domain, 1L << 62, 2).Dispose());
        Should.Throw<ArgumentOutOfRangeException>(() => AnyScopedBlock.TryAllocate(domain, -8, out _));
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Allocator_NULL_throws_BlockAllocationException_or_returns_false(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();

        BlockAllocationException e = Should.Throw<BlockAllocationException>(() => AnyScopedBlock.Allocate(domain, long.MaxValue / 2).Dispose());
        e.Domain.ShouldBe(domain);
        e.FunctionName.ShouldBe(TestBlocks.FunctionName(domain, "Malloc"));
        Should.Throw<BlockAllocationException>(() => AnyScopedBlock.AllocateZeroed(domain, 1L << 40, 1L << 20).Dispose()).FunctionName.ShouldBe(TestBlocks.FunctionName(domain, "Calloc"));

        AnyScopedBlock.TryAllocate(domain, long.MaxValue / 2, out AnyScopedBlock failed).ShouldBeFalse();
        failed.IsDisposed.ShouldBeTrue();
        AnyScopedBlock.TryAllocate(domain, 8, out AnyScopedBlock ok).ShouldBeTrue();
        ok.Length.ShouldBe(8);
        ok.Dispose();

        AnyScopedBlock.TryAllocateZeroed(domain, 1L << 40, 1L << 20, out AnyScopedBlock failedZeroed).ShouldBeFalse();
        failedZeroed.IsDisposed.ShouldBeTrue();
        AnyScopedBlock.TryAllocateZeroed(domain, 4, 4, out AnyScopedBlock zeroed).ShouldBeTrue();
        zeroed.Span.ContainsAnyExcept((byte)0).ShouldBeFalse();
        zeroed.Dispose();
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Use_after_Dispose_throws_ObjectDisposedException_and_Dispose_twice_is_harmless(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        var block = AnyScopedBlock.Allocate(domain, 64);
        block.Dispose();
        block.Dispose();

        block.IsDisposed.ShouldBeTrue();
        RefStructAssert.Throws<ObjectDisposedException, AnyScopedBlock>(block, b => _ = b.Length).ObjectName.ShouldBe(AnyScopedBlock.TypeName(domain));
        RefStructAssert.Throws<ObjectDisposedException, AnyScopedBlock>(block, b => _ = b.Span.Length);
        RefStructAssert.Throws<ObjectDisposedException, AnyScopedBlock>(block, b => _ = b.AsSpan(0, 1).Length);
        RefStructAssert.Throws<ObjectDisposedException, AnyScopedBlock>(block, b => _ = b.AsSpan<int>().Length);
        RefStructAssert.Throws<ObjectDisposedException, AnyScopedBlock>(block, b => _ = b.AsSpan<int>(0, 1).Length);
        RefStructAssert.Throws<ObjectDisposedException, AnyScopedBlock>(block, b => _ = b.DangerousGetHandle());
        RefStructAssert.Throws<ObjectDisposedException, AnyScopedBlock>(AnyScopedBlock.Default(domain), b => _ = b.Length);
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Views_are_range_and_alignment_checked(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        using var block = AnyScopedBlock.Allocate(domain, 10);

        RefStructAssert.Throws<ArgumentOutOfRangeException, AnyScopedBlock>(block, b => _ = b.AsSpan(5, 6).Length);
        RefStructAssert.Throws<InvalidOperationException, AnyScopedBlock>(block, b => _ = b.AsSpan<int>().Length);
        RefStructAssert.Throws<ArgumentException, AnyScopedBlock>(block, b => _ = b.AsSpan<short>(1, 1).Length);
        RefStructAssert.Throws<ArgumentOutOfRangeException, AnyScopedBlock>(block, b => _ = b.AsSpan<short>(2, 5).Length);
    }

    [Fact]
    public void ScopedRawBlock_works_on_a_thread_without_the_gil()
    {
        Exception? e = FreshThread.Catch(() =>
        {
            using var block = ScopedRawBlock.Allocate(4096);
            block.Span.Fill(1);
            block.AsSpan<int>()[1023].ShouldBe(0x01010101);
        });

        e.ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(TestBlocks.GilDomains), MemberType = typeof(TestBlocks))]
    public void Allocate_on_a_thread_without_the_gil_throws_GilRequiredException(MemoryDomain domain)
    {
        Exception? e = FreshThread.Catch(() => AnyScopedBlock.Allocate(domain, 64).Dispose());

        e.ShouldBeOfType<GilRequiredException>().FunctionName.ShouldBe(TestBlocks.FunctionName(domain, "Malloc"));
        FreshThread.Catch(() => AnyScopedBlock.AllocateZeroed(domain, 1, 1).Dispose()).ShouldBeOfType<GilRequiredException>();
        FreshThread.Catch(() => AnyScopedBlock.TryAllocate(domain, 1, out _)).ShouldBeOfType<GilRequiredException>();
    }
}
