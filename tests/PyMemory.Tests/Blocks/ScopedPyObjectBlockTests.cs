using PyMemory.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace PyMemory.Tests.Blocks;

public class ScopedPyObjectBlockTests
{
    public ScopedPyObjectBlockTests() => TestPython.Ensure();

    [Fact]
    public void Allocate_gives_a_writable_block_of_the_requested_length()
    {
        using GilScope gil = GilScope.Enter();
        using var block = ScopedPyObjectBlock.Allocate(256);

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
        using var empty = ScopedPyObjectBlock.Allocate(0);
        using var zeroed = ScopedPyObjectBlock.AllocateZeroed(10, 10);

        empty.DangerousGetPointer().ShouldNotBe(0);
        empty.Span.IsEmpty.ShouldBeTrue();
        zeroed.Length.ShouldBe(100);
        zeroed.Span.ContainsAnyExcept((byte)0).ShouldBeFalse();
    }

    [Fact]
    public void Bad_sizes_throw_before_any_native_call()
    {
        using GilScope gil = GilScope.Enter();

        Should.Throw<ArgumentOutOfRangeException>(() => ScopedPyObjectBlock.Allocate(-1).Dispose());
        Should.Throw<ArgumentOutOfRangeException>(() => ScopedPyObjectBlock.AllocateZeroed(long.MaxValue, 2).Dispose());
        Should.Throw<ArgumentOutOfRangeException>(() => ScopedPyObjectBlock.AllocateZeroed(1L << 62, 2).Dispose());
        Should.Throw<ArgumentOutOfRangeException>(() => ScopedPyObjectBlock.TryAllocate(-8, out _));
    }

    [Fact]
    public void Allocator_NULL_throws_BlockAllocationException_or_returns_false()
    {
        using GilScope gil = GilScope.Enter();

        BlockAllocationException e = Should.Throw<BlockAllocationException>(() => ScopedPyObjectBlock.Allocate(long.MaxValue / 2).Dispose());
        e.Domain.ShouldBe(MemoryDomain.Obj);
        e.FunctionName.ShouldBe("PyObject_Malloc");
        Should.Throw<BlockAllocationException>(() => ScopedPyObjectBlock.AllocateZeroed(1L << 40, 1L << 20).Dispose()).FunctionName.ShouldBe("PyObject_Calloc");

        ScopedPyObjectBlock.TryAllocate(long.MaxValue / 2, out ScopedPyObjectBlock failed).ShouldBeFalse();
        failed.IsDisposed.ShouldBeTrue();
        ScopedPyObjectBlock.TryAllocate(8, out ScopedPyObjectBlock ok).ShouldBeTrue();
        ok.Length.ShouldBe(8);
        ok.Dispose();

        ScopedPyObjectBlock.TryAllocateZeroed(1L << 40, 1L << 20, out ScopedPyObjectBlock failedZeroed).ShouldBeFalse();
        failedZeroed.IsDisposed.ShouldBeTrue();
        ScopedPyObjectBlock.TryAllocateZeroed(4, 4, out ScopedPyObjectBlock zeroed).ShouldBeTrue();
        zeroed.Span.ContainsAnyExcept((byte)0).ShouldBeFalse();
        zeroed.Dispose();
    }

    [Fact]
    public void Use_after_Dispose_throws_ObjectDisposedException_and_Dispose_twice_is_harmless()
    {
        using GilScope gil = GilScope.Enter();
        var block = ScopedPyObjectBlock.Allocate(64);
        block.Dispose();
        block.Dispose();

        block.IsDisposed.ShouldBeTrue();
        ScopedAssert.Throws<ObjectDisposedException, ScopedPyObjectBlock>(block, b => _ = b.Length);
        ScopedAssert.Throws<ObjectDisposedException, ScopedPyObjectBlock>(block, b => _ = b.Span.Length);
        ScopedAssert.Throws<ObjectDisposedException, ScopedPyObjectBlock>(block, b => _ = b.AsSpan(0, 1).Length);
        ScopedAssert.Throws<ObjectDisposedException, ScopedPyObjectBlock>(block, b => _ = b.AsSpan<int>().Length);
        ScopedAssert.Throws<ObjectDisposedException, ScopedPyObjectBlock>(block, b => _ = b.AsSpan<int>(0, 1).Length);
        ScopedAssert.Throws<ObjectDisposedException, ScopedPyObjectBlock>(block, b => _ = b.DangerousGetPointer());
        ScopedAssert.Throws<ObjectDisposedException, ScopedPyObjectBlock>(default, b => _ = b.Length);
    }

    [Fact]
    public void Views_are_range_and_alignment_checked()
    {
        using GilScope gil = GilScope.Enter();
        using var block = ScopedPyObjectBlock.Allocate(10);

        ScopedAssert.Throws<ArgumentOutOfRangeException, ScopedPyObjectBlock>(block, b => _ = b.AsSpan(5, 6).Length);
        ScopedAssert.Throws<InvalidOperationException, ScopedPyObjectBlock>(block, b => _ = b.AsSpan<int>().Length);
        ScopedAssert.Throws<ArgumentException, ScopedPyObjectBlock>(block, b => _ = b.AsSpan<short>(1, 1).Length);
        ScopedAssert.Throws<ArgumentOutOfRangeException, ScopedPyObjectBlock>(block, b => _ = b.AsSpan<short>(2, 5).Length);
    }

    [Fact]
    public void Allocate_on_a_thread_without_the_gil_throws_GilRequiredException()
    {
        Exception? e = TestBlocks.OnThreadWithoutGil(() => ScopedPyObjectBlock.Allocate(64).Dispose());

        e.ShouldBeOfType<GilRequiredException>().FunctionName.ShouldBe("PyObject_Malloc");
        TestBlocks.OnThreadWithoutGil(() => ScopedPyObjectBlock.AllocateZeroed(1, 1).Dispose()).ShouldBeOfType<GilRequiredException>();
        TestBlocks.OnThreadWithoutGil(() => ScopedPyObjectBlock.TryAllocate(1, out _)).ShouldBeOfType<GilRequiredException>();
    }
}
