namespace PyMemory.Tests.Blocks;

/// <summary>Behaviour every domain shares; each test runs in RAW, MEM and OBJ (MEM and OBJ under a GilScope).</summary>
[Collection(UsesPython.Name)]
public class NativeBlockTests
{
    private const long Huge = long.MaxValue / 2; // below PY_SSIZE_T_MAX, so it reaches the allocator, which returns NULL

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Allocate_returns_a_writable_block_of_the_requested_length(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        using NativeBlock block = TestBlocks.Allocate(domain, 300);

        block.Domain.ShouldBe(domain);
        block.Length.ShouldBe(300);
        block.DangerousGetHandle().ShouldNotBe(0);
        block.AsSpan().Length.ShouldBe(300);
        block.Span.Fill(0x5A);
        block.ToArray().ShouldAllBe(b => b == 0x5A);
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Zero_byte_blocks_are_distinct_and_not_null(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        using NativeBlock first = TestBlocks.Allocate(domain, 0);
        using NativeBlock second = TestBlocks.Allocate(domain, 0);
        using NativeBlock zeroed = TestBlocks.AllocateZeroed(domain, 0, 0);

        first.DangerousGetHandle().ShouldNotBe(0);
        second.DangerousGetHandle().ShouldNotBe(0);
        zeroed.DangerousGetHandle().ShouldNotBe(0);
        first.DangerousGetHandle().ShouldNotBe(second.DangerousGetHandle());
        first.Length.ShouldBe(0);
        zeroed.AsSpan().IsEmpty.ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void AllocateZeroed_returns_zero_filled_memory_of_count_times_size(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        // Dirty the allocator's free lists first, so zeroes come from calloc, not from fresh pages.
        using (NativeBlock dirty = TestBlocks.Allocate(domain, 8000))
        {
            dirty.Span.Fill(0xEE);
        }

        using NativeBlock block = TestBlocks.AllocateZeroed(domain, 1000, 8);

        block.Length.ShouldBe(8000);
        block.AsSpan().ContainsAnyExcept((byte)0).ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Negative_sizes_throw_ArgumentOutOfRangeException(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();

        Should.Throw<ArgumentOutOfRangeException>(() => TestBlocks.Allocate(domain, -1)).ParamName.ShouldBe("byteCount");
        Should.Throw<ArgumentOutOfRangeException>(() => TestBlocks.TryAllocate(domain, long.MinValue, out _));
        Should.Throw<ArgumentOutOfRangeException>(() => TestBlocks.AllocateZeroed(domain, -1, 8)).ParamName.ShouldBe("count");
        Should.Throw<ArgumentOutOfRangeException>(() => TestBlocks.AllocateZeroed(domain, 8, -1)).ParamName.ShouldBe("elementSize");
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Zeroed_sizes_that_overflow_or_exceed_PY_SSIZE_T_MAX_throw_ArgumentOutOfRangeException(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();

        // Wraps around in 64 bits.
        Should.Throw<ArgumentOutOfRangeException>(() => TestBlocks.AllocateZeroed(domain, long.MaxValue, 3));
        // Fits in an unsigned 64-bit size_t (2^63) but is above PY_SSIZE_T_MAX.
        Should.Throw<ArgumentOutOfRangeException>(() => TestBlocks.AllocateZeroed(domain, 1L << 62, 2))
            .Message.ShouldContain("PY_SSIZE_T_MAX");
        Should.Throw<ArgumentOutOfRangeException>(() => TestBlocks.TryAllocateZeroed(domain, 1L << 32, 1L << 32, out _));
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Allocator_NULL_throws_BlockAllocationException_naming_domain_and_size(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();

        BlockAllocationException e = Should.Throw<BlockAllocationException>(() => TestBlocks.Allocate(domain, Huge));

        e.ShouldBeAssignableTo<OutOfMemoryException>();
        e.Domain.ShouldBe(domain);
        e.ByteCount.ShouldBe(Huge);
        e.Message.ShouldContain(Huge.ToString(System.Globalization.CultureInfo.InvariantCulture));
        e.Message.ShouldContain(domain.ToString().ToUpperInvariant());
        e.FunctionName.ShouldBe(domain switch
        {
            MemoryDomain.Raw => "PyMem_RawMalloc",
            MemoryDomain.Mem => "PyMem_Malloc",
            _ => "PyObject_Malloc",
        });
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Zeroed_allocator_NULL_throws_or_returns_false(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();

        BlockAllocationException e = Should.Throw<BlockAllocationException>(() => TestBlocks.AllocateZeroed(domain, 1L << 40, 1L << 20));
        e.ByteCount.ShouldBe(1L << 60);
        e.FunctionName.ShouldEndWith("Calloc");

        TestBlocks.TryAllocateZeroed(domain, 1L << 40, 1L << 20, out NativeBlock? block).ShouldBeFalse();
        block.ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void TryAllocate_returns_false_instead_of_throwing_on_NULL(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();

        TestBlocks.TryAllocate(domain, Huge, out NativeBlock? failed).ShouldBeFalse();
        failed.ShouldBeNull();

        TestBlocks.TryAllocate(domain, 64, out NativeBlock? block).ShouldBeTrue();
        using (block)
        {
            block!.Length.ShouldBe(64);
        }
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Resize_keeps_the_contents_and_changes_the_length(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        using NativeBlock block = TestBlocks.Allocate(domain, 64);
        byte[] pattern = Enumerable.Range(0, 64).Select(i => (byte)(i * 3)).ToArray();
        block.CopyFrom(pattern);

        block.Resize(100_000);
        block.Length.ShouldBe(100_000);
        block.AsSpan(0, 64).ToArray().ShouldBe(pattern);
        block.AsSpan().Fill(1); // the whole new length is usable

        block.TryResize(16).ShouldBeTrue();
        block.Length.ShouldBe(16);
        block.ToArray().ShouldAllBe(b => b == 1);
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Resize_to_zero_keeps_a_valid_block(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        using NativeBlock block = TestBlocks.Allocate(domain, 32);

        block.Resize(0);

        block.Length.ShouldBe(0);
        block.DangerousGetHandle().ShouldNotBe(0);
        block.Resize(8);
        block.Span.Fill(7);
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Resize_failure_keeps_the_old_block_valid_and_owned(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        using NativeBlock block = TestBlocks.Allocate(domain, 128);
        byte[] pattern = Enumerable.Range(0, 128).Select(i => (byte)(255 - i)).ToArray();
        block.CopyFrom(pattern);
        nint before = block.DangerousGetHandle();

        BlockAllocationException e = Should.Throw<BlockAllocationException>(() => block.Resize(Huge));
        e.FunctionName.ShouldEndWith("Realloc");
        block.TryResize(long.MaxValue).ShouldBeFalse(); // PY_SSIZE_T_MAX itself: CPython returns NULL

        block.IsClosed.ShouldBeFalse();
        block.Length.ShouldBe(128);
        block.DangerousGetHandle().ShouldBe(before);
        block.ToArray().ShouldBe(pattern);
        block.Resize(256); // still usable, and still ours to resize
        block.AsSpan(0, 128).ToArray().ShouldBe(pattern);
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Resize_to_a_negative_size_throws_and_leaves_the_block(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        using NativeBlock block = TestBlocks.Allocate(domain, 10);

        Should.Throw<ArgumentOutOfRangeException>(() => block.Resize(-5)).ParamName.ShouldBe("newByteCount");
        Should.Throw<ArgumentOutOfRangeException>(() => block.TryResize(-5));
        block.Length.ShouldBe(10);
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Every_use_after_Dispose_throws_ObjectDisposedException(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        NativeBlock block = TestBlocks.Allocate(domain, 64);
        block.Dispose();

        block.IsClosed.ShouldBeTrue();
        Should.Throw<ObjectDisposedException>(() => block.Length);
        Should.Throw<ObjectDisposedException>(() => block.AsSpan().Length);
        Should.Throw<ObjectDisposedException>(() => block.Span.Length);
        Should.Throw<ObjectDisposedException>(() => block.AsSpan(0, 8).Length);
        Should.Throw<ObjectDisposedException>(() => block.AsSpan<int>().Length);
        Should.Throw<ObjectDisposedException>(() => block.AsSpan<int>(0, 2).Length);
        Should.Throw<ObjectDisposedException>(() => block.AsMemory());
        Should.Throw<ObjectDisposedException>(() => block.AsMemory(0, 8));
        Should.Throw<ObjectDisposedException>(() => block.CopyFrom(new byte[4]));
        Should.Throw<ObjectDisposedException>(() => block.CopyTo(new byte[64]));
        Should.Throw<ObjectDisposedException>(() => block.CopyTo(0, new byte[4]));
        Should.Throw<ObjectDisposedException>(() => block.ToArray());
        Should.Throw<ObjectDisposedException>(() => block.Resize(128));
        Should.Throw<ObjectDisposedException>(() => block.TryResize(128));
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Dispose_twice_is_harmless(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        NativeBlock block = TestBlocks.Allocate(domain, 64);

        block.Dispose();
        block.Dispose();

        block.IsClosed.ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void AsSpan_window_is_range_checked(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        using NativeBlock block = TestBlocks.Allocate(domain, 100);
        block.Span.Clear();

        block.AsSpan(90, 10).Fill(9);
        block.AsSpan(100, 0).IsEmpty.ShouldBeTrue();
        block.ToArray()[89..].ShouldBe([0, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9]);

        Should.Throw<ArgumentOutOfRangeException>(() => block.AsSpan(91, 10).Length);
        Should.Throw<ArgumentOutOfRangeException>(() => block.AsSpan(-1, 1).Length);
        Should.Throw<ArgumentOutOfRangeException>(() => block.AsSpan(101, 0).Length);
        Should.Throw<ArgumentOutOfRangeException>(() => block.AsSpan(0, -1).Length);
        Should.Throw<ArgumentOutOfRangeException>(() => block.AsMemory(50, 51));
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Typed_view_covers_the_block_in_elements(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        using NativeBlock block = TestBlocks.AllocateZeroed(domain, 16, sizeof(int));

        Span<int> ints = block.AsSpan<int>();
        ints.Length.ShouldBe(16);
        ints[15] = 0x01020304;
        block.AsSpan(60, 4).ToArray().ShouldBe(BitConverter.GetBytes(0x01020304));
        block.AsSpan<long>(8, 7).Length.ShouldBe(7);
        block.AsSpan<double>().Length.ShouldBe(8);
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Typed_view_rejects_partial_elements_and_misalignment(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        using NativeBlock block = TestBlocks.Allocate(domain, 10);
        using NativeBlock aligned = TestBlocks.Allocate(domain, 64);

        Should.Throw<InvalidOperationException>(() => block.AsSpan<int>().Length).Message.ShouldContain("Int32");
        block.AsSpan<int>(0, 2).Length.ShouldBe(2); // the whole elements are still reachable
        Should.Throw<ArgumentException>(() => aligned.AsSpan<long>(4, 1).Length).ParamName.ShouldBe("byteOffset");
        Should.Throw<ArgumentException>(() => aligned.AsSpan<int>(2, 1).Length).ParamName.ShouldBe("byteOffset");
        Should.Throw<ArgumentOutOfRangeException>(() => aligned.AsSpan<long>(8, 8).Length);
        Should.Throw<ArgumentOutOfRangeException>(() => aligned.AsSpan<long>(0, -1).Length);
        aligned.AsSpan<byte>(3, 61).Length.ShouldBe(61); // bytes need no alignment
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Copies_in_and_out_round_trip_and_are_range_checked(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        using NativeBlock block = TestBlocks.AllocateZeroed(domain, 1, 32);
        byte[] data = Enumerable.Range(1, 8).Select(i => (byte)i).ToArray();

        block.CopyFrom(data);
        block.CopyFrom(data.AsSpan(0, 4), 28);
        byte[] all = block.ToArray();
        all[..8].ShouldBe(data);
        all[28..].ShouldBe(new byte[] { 1, 2, 3, 4 });

        var tail = new byte[4];
        block.CopyTo(28, tail);
        tail.ShouldBe(new byte[] { 1, 2, 3, 4 });
        var whole = new byte[40];
        block.CopyTo(whole);
        whole[..32].ShouldBe(all);

        Should.Throw<ArgumentOutOfRangeException>(() => block.CopyFrom(new byte[33]));
        Should.Throw<ArgumentOutOfRangeException>(() => block.CopyFrom(data, 25));
        Should.Throw<ArgumentNullException>(() => block.CopyFrom((byte[])null!));
        Should.Throw<ArgumentException>(() => block.CopyTo(new byte[31]));
        Should.Throw<ArgumentOutOfRangeException>(() => block.CopyTo(30, new byte[4]));
    }

    [Fact]
    public void Blocks_written_to_their_full_length_and_freed_pass_the_debug_hooks()
    {
        ChildProcess.Result result = ChildProcess.Run("block-debug-full-write", Debug);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdErr.ShouldBeEmpty(result.ToString());
        result.StdOut.Trim().ShouldBe("ok", result.ToString());
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void One_byte_past_the_end_is_reported_by_the_debug_hooks(MemoryDomain domain)
    {
        // The control for the test above: the same hooks do catch a write past a block's length.
        ChildProcess.Result result = ChildProcess.Run("block-debug-overrun", Debug, domain.ToString());

        result.ExitCode.ShouldNotBe(0, result.ToString());
        result.StdErr.ShouldContain("bad trailing pad byte", Case.Sensitive, result.ToString());
        result.StdOut.ShouldNotContain("not detected");
    }

    [Theory]
    [MemberData(nameof(TestBlocks.GilDomains), MemberType = typeof(TestBlocks))]
    public void A_pinned_Memory_keeps_a_disposed_block_until_unpinned(MemoryDomain domain)
    {
        // The debug hooks fill freed memory with 0xDD: the bytes survive Dispose while pinned and die at the unpin.
        ChildProcess.Result result = ChildProcess.Run("block-debug-pin", Debug, domain.ToString());

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdErr.ShouldBeEmpty(result.ToString());
        result.StdOut.ShouldBe($"pinned=42{Environment.NewLine}unpinned=DD{Environment.NewLine}", result.ToString());
    }

    [Fact]
    public void Releases_without_the_gil_are_queued_and_freed_by_the_next_GilScope()
    {
        ChildProcess.Result result = ChildProcess.Run("block-release-without-gil");
        Dictionary<string, long> values = Values(result);

        // 500 MEM + 500 OBJ blocks left to the finalizer: all queued, none freed on the finalizer thread ...
        values["finalized-live-delta"].ShouldBeGreaterThanOrEqualTo(1000, result.ToString());
        values["finalized-pending"].ShouldBe(1000, result.ToString());
        // ... and the next scope frees every one of them.
        values["finalized-pending-in-scope"].ShouldBe(0, result.ToString());
        values["finalized-drained-delta"].ShouldBeInRange(-20, 20, result.ToString());
        // The same for Dispose on a thread outside every scope, and for scoped owners disposed inside AllowThreads.
        values["disposed-pending"].ShouldBe(1000, result.ToString());
        values["disposed-pending-in-scope"].ShouldBe(0, result.ToString());
        values["disposed-drained-delta"].ShouldBeInRange(-20, 20, result.ToString());
        values["scoped-pending"].ShouldBe(2, result.ToString());
        values["scoped-pending-after-scope"].ShouldBe(0, result.ToString());
        // RAW blocks are freed on the finalizer thread itself.
        values["raw-pending"].ShouldBe(0, result.ToString());
    }

    [Fact]
    public void Many_threads_in_all_domains_leave_no_live_blocks_behind()
    {
        ChildProcess.Result result = ChildProcess.Run("block-stress", null, "2");
        Dictionary<string, long> values = Values(result);

        values["allocated"].ShouldBeGreaterThan(10_000, result.ToString());
        values["dropped"].ShouldBeGreaterThan(0, result.ToString());
        values["live"].ShouldBe(0, result.ToString());
        values["pending"].ShouldBe(0, result.ToString());
        // pymalloc's own count (MEM and OBJ) is back where it started, after hundreds of thousands of blocks.
        values["allocated-blocks-delta"].ShouldBeInRange(-20, 20, result.ToString());
    }

    [Fact]
    public void Blocks_alive_at_shutdown_are_leaked_not_freed_through_a_finalized_interpreter()
    {
        ChildProcess.Result result = ChildProcess.Run("block-after-shutdown", Debug);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdErr.ShouldBeEmpty(result.ToString());
        result.StdOut.ShouldContain("queued-before-shutdown=1");
        result.StdOut.ShouldContain("shutdown=True");
        result.StdOut.ShouldContain("pending-after-shutdown=0");
        result.StdOut.ShouldContain("disposed-after-shutdown=True");
        result.Value("live-before-leak").ShouldBe("3", result.ToString());
        result.Value("live-after-leak").ShouldBe("0", result.ToString());
        result.StdOut.ShouldContain("pending-after-dispose=0");
        result.StdOut.ShouldContain(
            "allocate-after-shutdown=InterpreterFinalizedException,InterpreterFinalizedException,InterpreterFinalizedException,InterpreterFinalizedException");
    }

    private static readonly Dictionary<string, string?> Debug = new() { ["PYTHONMALLOC"] = "debug" };

    private static Dictionary<string, long> Values(ChildProcess.Result result)
    {
        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdErr.ShouldBeEmpty(result.ToString());
        return result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('='))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
