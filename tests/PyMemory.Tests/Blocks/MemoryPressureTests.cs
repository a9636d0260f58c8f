using System.Buffers;
using System.Runtime.CompilerServices;

namespace PyMemory.Tests.Blocks;

/// <summary>Large blocks count their native size as memory pressure, and each stops counting exactly once.</summary>
[Collection(SerialCountTests.Name)]
public class MemoryPressureTests
{
    private const long Large = 1 << 20;

    public MemoryPressureTests()
    {
        SerialCountTests.Settle();
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void A_large_block_reports_its_size_until_disposed(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        long before = LargeBlockBytes;

        NativeBlock block = TestBlocks.Allocate(domain, Large);
        long live = LargeBlockBytes;
        block.Dispose();
        block.Dispose();

        live.ShouldBe(before + Large);
        LargeBlockBytes.ShouldBe(before);
    }

    [Fact]
    public void The_threshold_itself_reports_and_one_byte_less_does_not()
    {
        long before = LargeBlockBytes;

        using (RawBlock.Allocate(NativeBlock.MemoryPressureThreshold - 1))
        {
            LargeBlockBytes.ShouldBe(before);
        }

        using (RawBlock.AllocateZeroed(NativeBlock.MemoryPressureThreshold, 1))
        {
            LargeBlockBytes.ShouldBe(before + NativeBlock.MemoryPressureThreshold);
        }

        LargeBlockBytes.ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Resize_moves_the_report_to_the_new_size(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        long before = LargeBlockBytes;
        NativeBlock block = TestBlocks.Allocate(domain, 64);

        block.Resize(Large);
        LargeBlockBytes.ShouldBe(before + Large);
        block.Resize(2 * Large);
        LargeBlockBytes.ShouldBe(before + (2 * Large));
        block.Resize(Large);
        LargeBlockBytes.ShouldBe(before + Large);
        block.Resize(16); // below the threshold: no report left
        LargeBlockBytes.ShouldBe(before);
        block.Resize(Large);
        block.Dispose();

        LargeBlockBytes.ShouldBe(before);
    }

    [Fact]
    public void A_failed_resize_leaves_the_report_unchanged()
    {
        long before = LargeBlockBytes;
        using RawBlock block = RawBlock.Allocate(Large);

        block.TryResize(nint.MaxValue).ShouldBeFalse();

        LargeBlockBytes.ShouldBe(before + Large);
    }

    [Fact]
    public void A_pinned_large_block_keeps_its_report_until_the_last_unpin()
    {
        long before = LargeBlockBytes;
        RawBlock block = RawBlock.Allocate(Large);
        MemoryHandle pin = block.AsMemory().Pin();

        block.Dispose();
        LargeBlockBytes.ShouldBe(before + Large);
        pin.Dispose();

        LargeBlockBytes.ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void The_finalizer_removes_the_report(MemoryDomain domain)
    {
        long before = LargeBlockBytes;

        Drop(domain);
        LargeBlockBytes.ShouldBe(before + Large);
        SerialCountTests.Settle();

        LargeBlockBytes.ShouldBe(before);
        using (GilScope.Enter())
        {
            // MEM and OBJ blocks were queued by the finalizer (no GIL there); entering the GIL frees them.
        }
    }

    [Fact]
    public void Large_blocks_dropped_undisposed_are_collected_before_memory_runs_out()
    {
        // 600 blocks of 16 MiB, every page written: 9.4 GiB in all. Without the pressure report nothing makes the GC
        // run, and the child passes its 768 MiB limit after about 50 blocks (exit 3).
        ChildProcess.Result result = ChildProcess.Run("block-finalizer-pressure", null, "600", "16", "768");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdErr.ShouldBeEmpty(result.ToString());
        result.Value("blocks").ShouldBe("600", result.ToString());
        long.Parse(result.Value("peak-rss-mib")!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeLessThan(768);
        result.Value("live-raw-blocks").ShouldBe("0", result.ToString());
    }

    private static long LargeBlockBytes => MemoryPressureLedger.Shared.Live;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Drop(MemoryDomain domain) => _ = TestBlocks.AllocateUnderGil(domain, Large);
}
