using System.Buffers;

namespace PyMemory.Tests.Blocks;

/// <summary>The <see cref="Memory{T}"/> that <see cref="NativeBlock.AsMemory()"/> returns.</summary>
[Collection(UsesPython.Name)]
public class BlockMemoryManagerTests
{
    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public unsafe void Memory_views_the_block_without_copying(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        using NativeBlock block = TestBlocks.AllocateZeroed(domain, 1, 64);

        Memory<byte> memory = block.AsMemory();
        memory.Length.ShouldBe(64);
        memory.Span[10] = 99;
        block.Span[10].ShouldBe((byte)99);
        Memory<byte> window = block.AsMemory(8, 4);
        window.Span[2].ShouldBe((byte)99);
        MemoryMarshal_TryGetArray(window).ShouldBeFalse(); // native memory, no array behind it

        using MemoryHandle pin = memory.Slice(10).Pin();
        ((nint)pin.Pointer).ShouldBe(block.DangerousGetHandle() + 10);
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Memory_throws_ObjectDisposedException_once_the_block_is_disposed(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        NativeBlock block = TestBlocks.Allocate(domain, 32);
        Memory<byte> memory = block.AsMemory();

        block.Dispose();

        Should.Throw<ObjectDisposedException>(() => memory.Span.Length);
        Should.Throw<ObjectDisposedException>(() => memory.Pin());
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Memory_throws_a_clear_exception_once_the_block_was_resized(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        using NativeBlock block = TestBlocks.Allocate(domain, 32);
        Memory<byte> stale = block.AsMemory();

        block.Resize(4096);

        Should.Throw<InvalidOperationException>(() => stale.Span.Length).Message.ShouldContain("resized");
        Should.Throw<InvalidOperationException>(() => stale.Pin());
        block.AsMemory().Length.ShouldBe(4096); // a new one works
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public unsafe void Pinning_keeps_the_block_alive_across_Dispose_until_Unpin(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        NativeBlock block = TestBlocks.Allocate(domain, 32);
        block.Span.Fill(0x42);
        MemoryHandle pin = block.AsMemory().Pin();

        block.Dispose();

        // Refused for new use, but the handle's reference count defers the free: the pinned bytes stay ours.
        Should.Throw<ObjectDisposedException>(() => block.Length);
        Should.Throw<ObjectDisposedException>(() => block.AsSpan().Length);
        Should.Throw<ObjectDisposedException>(() => block.ToArray());
        block.IsClosed.ShouldBeFalse();
        new ReadOnlySpan<byte>(pin.Pointer, 32).ContainsAnyExcept((byte)0x42).ShouldBeFalse();
        new Span<byte>(pin.Pointer, 32).Fill(0x43);

        pin.Dispose(); // the last reference: frees now (the debug-hooks child test shows the memory is freed here)
        block.IsClosed.ShouldBeTrue();
        pin.Dispose(); // a MemoryHandle unpins once
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void A_copied_MemoryHandle_disposed_twice_unpins_once(MemoryDomain domain)
    {
        // Regression: MemoryHandle is a struct; each copy's Dispose called Unpin, so the second one released a handle
        // reference that was never added, the SafeHandle count reached zero and the block was freed while in use.
        using GilScope gil = GilScope.Enter();
        using NativeBlock block = TestBlocks.Allocate(domain, 64);
        block.Span.Fill(0x42);
        nint address = block.DangerousGetHandle();
        MemoryHandle pin = block.AsMemory().Pin();
        MemoryHandle copy = pin;

        pin.Dispose();
        copy.Dispose();

        block.IsClosed.ShouldBeFalse();
        using NativeBlock next = TestBlocks.Allocate(domain, 64);
        next.DangerousGetHandle().ShouldNotBe(address); // the block's memory was not handed out again
        block.Length.ShouldBe(64);
        block.Span.ContainsAnyExcept((byte)0x42).ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public unsafe void A_copied_MemoryHandle_disposed_twice_leaves_another_pin_of_the_same_memory_in_force(MemoryDomain domain)
    {
        // Each pin releases at most once, so a stray copy cannot use up the pin of another holder of the same Memory.
        using GilScope gil = GilScope.Enter();
        NativeBlock block = TestBlocks.Allocate(domain, 64);
        Memory<byte> memory = block.AsMemory();
        MemoryHandle first = memory.Pin();
        MemoryHandle copy = first;
        MemoryHandle second = memory.Pin();

        first.Dispose();
        copy.Dispose();
        block.Dispose();

        block.IsClosed.ShouldBeFalse(); // the second pin still defers the free
        new Span<byte>(second.Pointer, 64).Fill(0x43);
        second.Dispose();
        block.IsClosed.ShouldBeTrue();
    }

    [Fact]
    public void Unpin_beyond_the_pins_taken_does_nothing()
    {
        RawBlock block = RawBlock.Allocate(16);
        MemoryManager<byte> manager = GetManager(block.AsMemory());
        _ = manager.Pin();

        manager.Unpin();
        manager.Unpin(); // one more than was pinned
        manager.Unpin();

        block.IsClosed.ShouldBeFalse();
        block.Resize(32); // no pin left behind either
        block.Dispose();
        block.IsClosed.ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Resize_is_refused_while_a_Memory_is_pinned(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        using NativeBlock block = TestBlocks.Allocate(domain, 32);
        nint before = block.DangerousGetHandle();

        using (block.AsMemory().Pin())
        {
            Should.Throw<InvalidOperationException>(() => block.Resize(1 << 20)).Message.ShouldContain("pinned");
            block.DangerousGetHandle().ShouldBe(before);
        }

        block.Resize(1 << 20); // allowed again once unpinned
        block.Length.ShouldBe(1 << 20);
    }

    [Fact]
    public void Pin_outside_the_memory_throws_ArgumentOutOfRangeException()
    {
        using RawBlock block = RawBlock.Allocate(16);
        MemoryManager<byte> manager = GetManager(block.AsMemory());

        Should.Throw<ArgumentOutOfRangeException>(() => manager.Pin(17));
        Should.Throw<ArgumentOutOfRangeException>(() => manager.Pin(-1));
        manager.Pin(16).Dispose(); // one past the end is a valid, empty pin
        block.Resize(32); // and the refused pins left no pin count behind
    }

    private static bool MemoryMarshal_TryGetArray(Memory<byte> memory) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(memory, out _);

    private static MemoryManager<byte> GetManager(Memory<byte> memory)
    {
        System.Runtime.InteropServices.MemoryMarshal.TryGetMemoryManager<byte, MemoryManager<byte>>(memory, out MemoryManager<byte>? manager).ShouldBeTrue();
        return manager!;
    }
}
