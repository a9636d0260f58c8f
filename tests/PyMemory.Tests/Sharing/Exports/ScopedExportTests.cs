using PyMemory.Diagnostics;
using PyMemory.Tests.Blocks;
using PyMemory.Tests.Objects;

namespace PyMemory.Tests.Sharing.Exports;

/// <summary>
/// <c>PythonBuffer.ExportScoped</c>: the same exports as <c>Export</c>, owned by a <see cref="ScopedPyObjectHandle"/>
/// and handed to Python for a call; the memory's lifetime rules do not change (a view Python keeps still pins it), and
/// an export with its release allocates nothing on the .NET heap. Runs with the tests that read the process-wide counts.
/// </summary>
[Collection(SerialCountTests.Name)]
public class ScopedExportTests
{
    public ScopedExportTests()
    {
        SerialCountTests.Settle();
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void A_call_reads_the_block_in_place_and_the_release_unpins_it(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        using NativeBlock block = TestBlocks.Allocate(domain, 256);
        for (int i = 0; i < 256; i++)
        {
            block.Span[i] = (byte)i;
        }

        using PyObjectHandle sum = PyRun.Eval("lambda b: (sum(memoryview(b)), memoryview(b).readonly, type(b).__name__)");
        using (ScopedPyObjectHandle exported = PythonBuffer.ExportScoped(block))
        {
            using PyObjectHandle seen = PyRun.Call(sum, exported);
            seen.ToString().ShouldBe("(32640, True, 'Buffer')");
            Should.Throw<InvalidOperationException>(() => block.Resize(512)).Message.ShouldContain("exported to Python");
        }

        block.Resize(512); // released with the scoped handle: nothing pins the block now
        block.Length.ShouldBe(512);
    }

    [Fact]
    public void A_view_Python_keeps_outlives_the_scoped_handle_and_the_disposed_block()
    {
        using GilScope gil = GilScope.Enter();
        LiveHandleCounts before = LiveHandles.Snapshot();
        RawBlock block = RawBlock.Allocate(4);
        "abcd"u8.CopyTo(block.Span);
        string name = MainModule.UniqueName("kept");
        PyRun.Exec($"{name} = []");
        using PyObjectHandle keep = PyRun.Eval($"lambda b: {name}.append(memoryview(b))");

        using (ScopedPyObjectHandle exported = PythonBuffer.ExportScoped(block))
        {
            PyRun.Call(keep, exported).Dispose();
            PythonBuffer.ViewCount(exported).ShouldBe(1);
        }

        block.Dispose();
        block.IsClosed.ShouldBeFalse(); // deferred: the kept view pins it
        PyRun.EvalToString($"bytes({name}[0])").ShouldBe("b'abcd'");

        PyRun.Exec($"{name}[0].release()\ndel {name}");
        block.IsClosed.ShouldBeTrue();
        LiveHandles.Snapshot().Blocks.ShouldBe(before.Blocks);
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void A_writable_scoped_window_is_written_by_Python_at_its_offset(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        using NativeBlock block = TestBlocks.AllocateZeroed(domain, 12, 1);
        using PyObjectHandle write = PyRun.Eval("lambda b: memoryview(b).__setitem__(slice(None), b'WXYZ')");

        using (ScopedPyObjectHandle exported = PythonBuffer.ExportScopedWritable(block, 4, 4))
        {
            PyRun.Call(write, exported).Dispose();
        }

        block.ToArray().ShouldBe([0, 0, 0, 0, .. "WXYZ"u8.ToArray(), 0, 0, 0, 0]);
    }

    [Fact]
    public void A_read_only_scoped_export_refuses_a_writable_view()
    {
        using GilScope gil = GilScope.Enter();
        using RawBlock block = RawBlock.Allocate(4);
        using PyObjectHandle write = PyRun.Eval("lambda b: memoryview(b).__setitem__(0, 1)");
        using ScopedPyObjectHandle exported = PythonBuffer.ExportScoped(block, 0, 4);

        ScopedPyObjectHandleTests.Throws<PythonException>(exported, h => PyRun.Call(write, h).Dispose()).Message.ShouldContain("TypeError");
    }

    [Fact]
    public void Typed_scoped_exports_describe_their_elements_and_shape()
    {
        using GilScope gil = GilScope.Enter();
        using RawBlock block = RawBlock.Allocate(6 * sizeof(float));
        block.AsSpan<float>().Fill(1.5f);
        using PyObjectHandle describe = PyRun.Eval("lambda b: (lambda m: (m.format, m.shape, m.tolist()[1][2]))(memoryview(b))");
        using PyObjectHandle scale = PyRun.Eval("lambda b: memoryview(b).cast('B').cast('f').__setitem__(0, 4.0)");

        using (ScopedPyObjectHandle exported = PythonBuffer.ExportScoped<float>(block, [2, 3]))
        {
            using PyObjectHandle seen = PyRun.Call(describe, exported);
            seen.ToString().ShouldBe("('f', (2, 3), 1.5)");
        }

        using (ScopedPyObjectHandle exported = PythonBuffer.ExportScopedWritable<float>(block.AsMemory(), [6]))
        {
            PyRun.Call(scale, exported).Dispose();
        }

        block.AsSpan<float>()[0].ShouldBe(4.0f);
        Should.Throw<ArgumentException>(() => { _ = PythonBuffer.ExportScoped<float>(block, [4]); }).Message.ShouldContain("covers 16 bytes");
        block.Resize(8); // the refused shape left nothing pinned
    }

    [Fact]
    public void A_pooled_rental_exported_for_a_call_goes_back_to_the_pool_when_the_export_ends()
    {
        using GilScope gil = GilScope.Enter();
        using var pool = new PyMemoryPool();
        using PyObjectHandle hash = PyRun.Eval("lambda b: __import__('hashlib').sha256(b).hexdigest()[:8]");
        System.Buffers.IMemoryOwner<byte> rental = pool.Rent(64);
        rental.Memory.Span.Fill(7);

        using (ScopedPyObjectHandle exported = PythonBuffer.ExportScoped(rental.Memory))
        {
            rental.Dispose(); // returned while Python still reads it: the block waits for the pin
            pool.GetStatistics().RentedBlocks.ShouldBe(1);
            using PyObjectHandle digest = PyRun.Call(hash, exported);
            digest.ToString().ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Enumerable.Repeat((byte)7, 64).ToArray()))[..8]);
        }

        PyMemoryPoolStatistics after = pool.GetStatistics();
        (after.RentedBlocks, after.RetainedBlocks).ShouldBe((0L, 1L));
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Refused_scoped_exports_leave_nothing_pinned(MemoryDomain domain)
    {
        NativeBlock disposed;
        using (GilScope.Enter())
        {
            disposed = TestBlocks.Allocate(domain, 8);
        }

        using RawBlock block = RawBlock.Allocate(8);
        Exception? withoutGil = FreshThread.Catch(() => { _ = PythonBuffer.ExportScoped(block); });
        withoutGil.ShouldBeOfType<GilRequiredException>();

        using GilScope gil = GilScope.Enter();
        disposed.Dispose();
        Should.Throw<ObjectDisposedException>(() => { _ = PythonBuffer.ExportScoped(disposed); });
        Should.Throw<ArgumentNullException>(() => { _ = PythonBuffer.ExportScoped((NativeBlock)null!); });
        Should.Throw<ArgumentOutOfRangeException>(() => { _ = PythonBuffer.ExportScoped(block, 4, 8); });
        block.Resize(16);
        block.Length.ShouldBe(16);
    }

    [Fact]
    public void ViewCount_refuses_an_object_that_is_not_an_export()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle list = PyObjects.NewList(0);
        using ScopedPyObjectHandle scoped = ScopedPyObjectHandle.FromBorrowedReference(list.DangerousGetPointer());

        ScopedPyObjectHandleTests.Throws<ArgumentException>(scoped, static h => PythonBuffer.ViewCount(h)).Message.ShouldContain("'list'");
        ScopedPyObjectHandleTests.Throws<InvalidOperationException>(default, static h => PythonBuffer.ViewCount(h));
    }

    [Fact]
    public void An_export_and_its_release_allocate_nothing_on_the_dotnet_heap()
    {
        using GilScope gil = GilScope.Enter();
        using RawBlock block = RawBlock.Allocate(4096);
        PythonBuffer.ExportScoped(block).Dispose(); // the exporter type and this thread's slots, made once
        int rented = ThreadSlots<ReferenceSlot>.RentedOnThisThread;

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            PythonBuffer.ExportScoped(block).Dispose();
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
        ThreadSlots<ReferenceSlot>.RentedOnThisThread.ShouldBe(rented);
        block.Resize(8); // and nothing stayed pinned
    }
}
