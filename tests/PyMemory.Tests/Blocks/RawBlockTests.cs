namespace PyMemory.Tests.Blocks;

[Collection(UsesPython.Name)]
public class RawBlockTests
{
    [Fact]
    public void Allocate_resize_and_dispose_work_on_a_thread_without_the_gil()
    {
        Exception? e = FreshThread.Catch(() =>
        {
            GilScope.IsHeld.ShouldBeFalse();
            using RawBlock block = RawBlock.Allocate(1024);
            block.Span.Fill(0x11);
            block.Resize(2048);
            block.AsSpan(0, 1024).ContainsAnyExcept((byte)0x11).ShouldBeFalse();
            using RawBlock zeroed = RawBlock.AllocateZeroed(16, 16);
            zeroed.Length.ShouldBe(256);
        });

        e.ShouldBeNull();
    }

    [Fact]
    public void Blocks_larger_than_int_MaxValue_are_reached_through_windows()
    {
        long size = (1L << 31) + 4096; // untouched pages: the kernel commits only what is written
        using RawBlock block = RawBlock.Allocate(size);

        block.Length.ShouldBe(size);
        Should.Throw<InvalidOperationException>(() => block.AsSpan().Length).Message.ShouldContain("AsSpan(offset, length)");
        Should.Throw<InvalidOperationException>(() => block.AsMemory());
        Should.Throw<InvalidOperationException>(() => block.ToArray());
        Span<byte> last = block.AsSpan(size - 4096, 4096);
        last.Fill(0xAB);
        block.AsSpan(size - 1, 1)[0].ShouldBe((byte)0xAB);
        block.AsMemory(size - 16, 16).Span[15].ShouldBe((byte)0xAB);
        block.AsSpan<long>(size - 4096, 512)[511].ShouldBe(unchecked((long)0xABABABABABABABABUL));
    }

    [Fact]
    public void Domain_is_Raw()
    {
        using RawBlock block = RawBlock.Allocate(1);

        block.Domain.ShouldBe(MemoryDomain.Raw);
    }
}
