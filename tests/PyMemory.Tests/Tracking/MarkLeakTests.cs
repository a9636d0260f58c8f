using PyMemory.Tracking;

namespace PyMemory.Tests.Tracking;

/// <summary>
/// Marks as a leak check (<c>MemoryTracker.Mark</c>, <c>MemoryMark.GetDiff</c>): a deliberate leak of N objects is
/// found, a clean run shows nothing (after a warm-up, so that free lists, interned strings and caches are filled),
/// one mark at a time, the figures freeze at Dispose, old blocks freed later do not reduce the diff, and a leak on
/// another thread counts. In the test process: the tracker starts and stops around each test.
/// </summary>
[Collection(UsesPython.Name)]
public sealed class MarkLeakTests
{
    private const int N = 2000;

    private const string Setup = """
        import gc
        _mark_leak = []
        def mark_leak(n):
            for i in range(n):
                _mark_leak.append(bytearray(1000))

        def mark_clean(n):
            items = [bytearray(1000) for i in range(n)]
            text = ' '.join(str(i) for i in range(n))
            table = {i: str(i) for i in range(n)}
            return len(items) + len(text) + len(table)
        """;

    [Fact]
    public void A_deliberate_leak_of_N_objects_is_found()
    {
        WithTracker(() =>
        {
            PyRun.Exec("mark_leak(10)\n_mark_leak.clear()\nmark_clean(100)"); // warm up: the list's array and free lists
            MemoryDiff diff;
            using (MemoryMark mark = MemoryTracker.Mark())
            {
                PyRun.Exec($"mark_leak({N})");
                diff = mark.GetDiff();
            }

            // Each bytearray is an object (OBJ) and a 1,001-byte buffer (OBJ up to 3.12, MEM from 3.13); the list's
            // item array is MEM and holds N pointers.
            diff.Obj.Blocks.ShouldBeGreaterThanOrEqualTo(N, diff.ToString());
            diff.Total.Blocks.ShouldBeGreaterThanOrEqualTo(2 * N, diff.ToString());
            diff.Total.Bytes.ShouldBeGreaterThanOrEqualTo(N * (1001L + 8), diff.ToString());
            diff.Total.Bytes.ShouldBeLessThan(N * 1300L, diff.ToString());
            diff.Raw.Blocks.ShouldBe(0, diff.ToString());
        });
    }

    [Fact]
    public void A_clean_run_after_a_warm_up_leaves_nothing()
    {
        WithTracker(() =>
        {
            PyRun.Exec("mark_clean(2000)\ngc.collect()\nmark_clean(2000)\ngc.collect()");
            using MemoryMark mark = MemoryTracker.Mark();
            PyRun.Exec("mark_clean(2000)\ngc.collect()");
            MemoryDiff diff = mark.GetDiff();

            // The run allocates some 6,000 objects and about 3 MB; what is left is the compiled statement's few
            // blocks at most (code objects and constants PyRun kept nowhere: freed), never the work.
            diff.Total.Blocks.ShouldBeLessThan(20, diff.ToString());
            diff.Total.Bytes.ShouldBeLessThan(4096, diff.ToString());
        });
    }

    [Fact]
    public void A_second_mark_while_one_is_open_throws()
    {
        WithTracker(() =>
        {
            using MemoryMark mark = MemoryTracker.Mark();
            Should.Throw<InvalidOperationException>(MemoryTracker.Mark);
            mark.IsOpen.ShouldBeTrue();
            mark.GetDiff(); // the open mark is not disturbed
        });
    }

    [Fact]
    public void After_dispose_the_figures_freeze_and_a_newer_mark_retires_them()
    {
        WithTracker(() =>
        {
            MemoryMark mark = MemoryTracker.Mark();
            PyRun.Exec($"mark_leak({N})");
            mark.Dispose();
            mark.IsOpen.ShouldBeFalse();
            MemoryDiff frozen = mark.GetDiff();
            PyRun.Exec($"mark_leak({N})\n_mark_leak.clear()"); // more allocations, and the young blocks freed
            mark.GetDiff().ShouldBe(frozen);
            mark.Dispose(); // twice: nothing

            using MemoryMark newer = MemoryTracker.Mark();
            Should.Throw<InvalidOperationException>(() => mark.GetDiff());
            newer.GetDiff().Obj.Blocks.ShouldBeLessThan(N / 10);
        });
    }

    [Fact]
    public void Old_blocks_freed_after_the_mark_do_not_reduce_the_diff()
    {
        WithTracker(() =>
        {
            PyRun.Exec("_mark_old = [bytearray(1000) for i in range(5000)]");
            using MemoryMark mark = MemoryTracker.Mark();
            PyRun.Exec($"mark_leak({N})");
            MemoryDiff before = mark.GetDiff();
            PyRun.Exec("del _mark_old\ngc.collect()"); // 5 MB of old blocks freed
            MemoryDiff after = mark.GetDiff();
            after.Obj.Blocks.ShouldBeGreaterThanOrEqualTo(N, after.ToString());
            after.Total.Bytes.ShouldBeGreaterThanOrEqualTo(N * 1001L, after.ToString());
            (before.Total.Bytes - after.Total.Bytes).ShouldBeLessThan(4096, $"before {before}\nafter {after}");
        });
    }

    [Fact]
    public void A_leak_made_on_another_thread_counts()
    {
        WithTracker(() =>
        {
            using MemoryMark mark = MemoryTracker.Mark();
            var kept = new List<RawBlock>();
            using (GilScope.AllowThreads())
            {
                FreshThread.Run(() =>
                {
                    for (int i = 0; i < 10; i++)
                    {
                        kept.Add(RawBlock.Allocate(4096)); // no GIL: RAW
                    }

                    using GilScope gil = GilScope.Enter();
                    PyRun.Exec($"mark_leak({N})");
                });
            }

            // The ten blocks, plus the new thread's Python thread state (RAW; PyMemory keeps one per thread alive).
            MemoryDiff diff = mark.GetDiff();
            diff.Raw.Bytes.ShouldBeInRange(40960, 40960 + 1024, diff.ToString());
            diff.Raw.Blocks.ShouldBeInRange(10, 11, diff.ToString());
            diff.Obj.Blocks.ShouldBeGreaterThanOrEqualTo(N, diff.ToString());
            foreach (RawBlock block in kept)
            {
                block.Dispose(); // freed on this thread: the other thread's young blocks leave the diff
            }

            MemoryDiff freed = mark.GetDiff();
            (diff.Raw.Bytes - freed.Raw.Bytes).ShouldBe(40960, freed.ToString());
            (diff.Raw.Blocks - freed.Raw.Blocks).ShouldBe(10, freed.ToString());
        });
    }

    private static void WithTracker(Action test)
    {
        using GilScope gil = GilScope.Enter();
        PyRun.Exec(Setup);
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0 });
        try
        {
            test();
        }
        finally
        {
            MemoryTracker.Stop();
            PyRun.Exec("_mark_leak.clear()\ngc.collect()");
        }
    }
}
