using PyMemory.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace PyMemory.Tests.Blocks;

public class ScopedRawBlockTests
{
    public ScopedRawBlockTests() => TestPython.Ensure();

    [Fact]
    public void Allocate_gives_a_writable_block_of_the_requested_length()
    {
        using GilScope gil = GilScope.Enter();
        using var block = ScopedRawBlock.Allocate(256);

        block.Length.ShouldBe(256);
        block.IsDisposed.ShouldBeFalse();
        block.Span.Fill(3);
        block.AsSpan(250, 6).ToArray().ShouldBe(new byte[] { 3, 3, 3, 3, 3, 3 });
        block.AsSpan<long>().Length.ShouldBe(32);
        block.AsSpan<int>(8, 2)[1].ShouldBe(0x03030303);
    }

    [Fact]
    public void Zero_bytes_and_zeroed_blocks_are_valid()
    {
        using GilScope gil = GilScope.Enter();
        using var empty = ScopedRawBlock.Allocate(0);
        using var zeroed = ScopedRawBlock.AllocateZeroed(10, 10);

        empty.DangerousGetPointer().ShouldNotBe(0);
        empty.Span.IsEmpty.ShouldBeTrue();
        zeroed.Length.ShouldBe(100);
        zeroed.Span.ContainsAnyExcept((byte)0).ShouldBeFalse();
    }

    [Fact]
    public void Bad_sizes_throw_before_any_native_call()
    {
        using GilScope gil = GilScope.Enter();

        Should.Throw<ArgumentOutOfRangeException>(() => ScopedRawBlock.Allocate(-1).Dispose());
        Should.Throw<ArgumentOutOfRangeException>(() => ScopedRawBlock.AllocateZeroed(long.MaxValue, 2).Dispose());
        Should.Throw<ArgumentOutOfRangeException>(() => ScopedRawBlock.AllocateZeroed(1L << 62, 2).Dispose());
        Should.Throw<ArgumentOutOfRangeException>(() => ScopedRawBlock.TryAllocate(-8, out _));
    }

    [Fact]
    public void Allocator_NULL_throws_BlockAllocationException_or_returns_false()
    {
        using GilScope gil = GilScope.Enter();

        BlockAllocationException e = Should.Throw<BlockAllocationException>(() => ScopedRawBlock.Allocate(long.MaxValue / 2).Dispose());
        e.Domain.ShouldBe(MemoryDomain.Raw);
        e.FunctionName.ShouldBe("PyMem_RawMalloc");
        Should.Throw<BlockAllocationException>(() => ScopedRawBlock.AllocateZeroed(1L << 40, 1L << 20).Dispose()).FunctionName.ShouldBe("PyMem_RawCalloc");

        ScopedRawBlock.TryAllocate(long.MaxValue / 2, out ScopedRawBlock failed).ShouldBeFalse();
        failed.IsDisposed.ShouldBeTrue();
        ScopedRawBlock.TryAllocate(8, out ScopedRawBlock ok).ShouldBeTrue();
        ok.Length.ShouldBe(8);
        ok.Dispose();

        ScopedRawBlock.TryAllocateZeroed(1L << 40, 1L << 20, out ScopedRawBlock failedZeroed).ShouldBeFalse();
        failedZeroed.IsDisposed.ShouldBeTrue();
        ScopedRawBlock.TryAllocateZeroed(4, 4, out ScopedRawBlock zeroed).ShouldBeTrue();
        zeroed.Span.ContainsAnyExcept((byte)0).ShouldBeFalse();
        zeroed.Dispose();
    }

    [Fact]
    public void Use_after_Dispose_throws_ObjectDisposedException_and_Dispose_twice_is_harmless()
    {
        using GilScope gil = GilScope.Enter();
        var block = ScopedRawBlock.Allocate(64);
        block.Dispose();
        block.Dispose();

        block.IsDisposed.ShouldBeTrue();
        ScopedAssert.Throws<ObjectDisposedException, ScopedRawBlock>(block, b => _ = b.Length);
        ScopedAssert.Throws<ObjectDisposedException, ScopedRawBlock>(block, b => _ = b.Span.Length);
        ScopedAssert.Throws<ObjectDisposedException, ScopedRawBlock>(block, b => _ = b.AsSpan(0, 1).Length);
        ScopedAssert.Throws<ObjectDisposedException, ScopedRawBlock>(block, b => _ = b.AsSpan<int>().Length);
        ScopedAssert.Throws<ObjectDisposedException, ScopedRawBlock>(block, b => _ = b.AsSpan<int>(0, 1).Length);
        ScopedAssert.Throws<ObjectDisposedException, ScopedRawBlock>(block, b => _ = b.DangerousGetPointer());
        ScopedAssert.Throws<ObjectDisposedException, ScopedRawBlock>(default, b => _ = b.Length);
    }

    [Fact]
    public void Views_are_range_and_alignment_checked()
    {
        using GilScope gil = GilScope.Enter();
        using var block = ScopedRawBlock.Allocate(10);

        ScopedAssert.Throws<ArgumentOutOfRangeException, ScopedRawBlock>(block, b => _ = b.AsSpan(5, 6).Length);
        ScopedAssert.Throws<InvalidOperationException, ScopedRawBlock>(block, b => _ = b.AsSpan<int>().Length);
        ScopedAssert.Throws<ArgumentException, ScopedRawBlock>(block, b => _ = b.AsSpan<short>(1, 1).Length);
        ScopedAssert.Throws<ArgumentOutOfRangeException, ScopedRawBlock>(block, b => _ = b.AsSpan<short>(2, 5).Length);
    }

    [Fact]
    public void Works_on_a_thread_without_the_gil()
    {
        Exception? e = TestBlocks.OnThreadWithoutGil(() =>
        {
            using var block = ScopedRawBlock.Allocate(4096);
            block.Span.Fill(1);
            block.AsSpan<int>()[1023].ShouldBe(0x01010101);
        });

        e.ShouldBeNull();
    }
}
