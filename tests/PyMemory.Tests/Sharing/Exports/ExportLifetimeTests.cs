using System.Runtime.CompilerServices;
using PyMemory.Diagnostics;
using PyMemory.Tests.Blocks;

namespace PyMemory.Tests.Sharing.Exports;

/// <summary>
/// While any view of an export is alive the memory is not freed: Dispose (or the finalizer) defers the free until the
/// last view is released, which may happen on a Python thread; Resize is refused meanwhile. Runs with the other tests
/// that read the process-wide counters (pending releases, live blocks), one at a time.
/// </summary>
[Collection(SerialCountTests.Name)]
public class ExportLifetimeTests
{
    public ExportLifetimeTests()
    {
        SerialCountTests.Settle();
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void A_view_that_outlives_the_disposed_block_is_released_on_a_Python_thread_which_frees_the_block_at_once(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        LiveHandleCounts before = LiveHandles.Snapshot();
        NativeBlock block = TestBlocks.Allocate(domain, 256);
        for (int i = 0; i < 256; i++)
        {
            block.Span[i] = (byte)i;
        }

        string name = ExportedNames.Give(PythonBuffer.Export(block));
        PyRun.Exec($"{name}_view = memoryview({name})\ndel {name}"); // the view alone holds the exporter now

        block.Dispose();
        block.IsClosed.ShouldBeFalse(); // deferred: Python still reads it
        Should.Throw<ObjectDisposedException>(() => block.Span.Length); // .NET cannot use it any more
        PyRun.EvalToString($"sum({name}_view)").ShouldBe((255 * 256 / 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
        int pendingBefore = PythonRuntime.PendingReleaseCount;

        PyRun.Exec($"""
            import threading
            {name}_caller = threading.get_ident()  # this test's thread, alive (joining) while the other one runs
            def {name}_release():
                global {name}_view, {name}_seen
                {name}_seen = ({name}_view[255], threading.get_ident() != {name}_caller)
                {name}_view.release()  # the exporter's last reference: deallocated on this thread
                del {name}_view
            {name}_thread = threading.Thread(target={name}_release)
            {name}_thread.start()
            {name}_thread.join()
            """);

        PyRun.EvalToString($"{name}_seen").ShouldBe("(255, True)");
        block.IsClosed.ShouldBeTrue();
        PythonRuntime.PendingReleaseCount.ShouldBe(pendingBefore); // freed at once by the Python thread (it held the GIL), not queued
        LiveHandles.Snapshot().Blocks.ShouldBe(before.Blocks);
        PyRun.Exec($"del {name}_seen, {name}_thread, {name}_release, {name}_caller");
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void A_block_dropped_without_Dispose_is_not_finalized_while_Python_holds_it(MemoryDomain domain)
    {
        string name;
        WeakReference weak;
        using (GilScope.Enter())
        {
            (name, weak) = ExportAndForget(domain);
        }

        SerialCountTests.Settle(); // would finalize (and free) the block if nothing kept it

        weak.IsAlive.ShouldBeTrue();
        using (GilScope.Enter())
        {
            PyRun.EvalToString($"bytes({name})").ShouldBe("b'abc'");
            PyRun.Exec($"del {name}");
        }

        SerialCountTests.Settle(); // now unreachable: the finalizer frees it (or queues the free for MEM/OBJ)
        weak.IsAlive.ShouldBeFalse();
        PythonRuntime.DrainPendingReleases();
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Resize_is_refused_while_exported_and_allowed_once_Python_released_it(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        using NativeBlock block = TestBlocks.Allocate(domain, 32);
        string name = ExportedNames.Give(PythonBuffer.Export(block, 8, 8));

        Should.Throw<InvalidOperationException>(() => block.Resize(64)).Message.ShouldContain("exported to Python");
        block.Length.ShouldBe(32);

        PyRun.Exec($"del {name}");
        block.Resize(64);
        block.Length.ShouldBe(64);
    }

    [Fact]
    public void Several_exports_of_one_block_free_it_only_after_the_last_is_released()
    {
        using GilScope gil = GilScope.Enter();
        RawBlock block = RawBlock.Allocate(16);
        string first = ExportedNames.Give(PythonBuffer.Export(block));
        string second = ExportedNames.Give(PythonBuffer.ExportWritable(block, 4, 4));
        string third = ExportedNames.Give(PythonBuffer.Export(block.AsMemory()));
        block.Dispose();

        PyRun.Exec($"del {first}");
        block.IsClosed.ShouldBeFalse();
        PyRun.Exec($"del {third}");
        block.IsClosed.ShouldBeFalse();
        PyRun.Exec($"memoryview({second})[0] = 7"); // still valid memory
        PyRun.Exec($"del {second}");
        block.IsClosed.ShouldBeTrue();
    }

    [Fact]
    public void The_handle_disposed_without_the_GIL_is_released_later_and_then_frees_the_disposed_block()
    {
        PyObjectHandle exported;
        PyMemBlock block;
        using (GilScope.Enter())
        {
            block = PyMemBlock.Allocate(8);
            exported = PythonBuffer.Export(block);
        }

        block.Dispose();
        exported.Dispose(); // no GIL: the Py_DecRef is queued
        block.IsClosed.ShouldBeFalse();

        PythonRuntime.DrainPendingReleases(); // decref -> tp_dealloc -> unpin -> the block's free, all under the GIL
        block.IsClosed.ShouldBeTrue();
        PythonRuntime.PendingReleaseCount.ShouldBe(0);
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // so that no local of this frame keeps the block reachable
    private static (string Name, WeakReference Block) ExportAndForget(MemoryDomain domain)
    {
        NativeBlock block = TestBlocks.Allocate(domain, 3);
        block.CopyFrom("abc"u8);
        return (ExportedNames.Give(PythonBuffer.Export(block)), new WeakReference(block));
    }
}
