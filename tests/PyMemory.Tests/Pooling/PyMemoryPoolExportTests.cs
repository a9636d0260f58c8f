using System.Buffers;
using PyMemory.Tests.Objects;
using PyMemory.Tests.Sharing.Exports;

namespace PyMemory.Tests.Pooling;

/// <summary>Rentals exported to Python without a copy (<see cref="PythonBuffer"/> pins their memory): read and written in
/// place, and kept out of reuse while Python holds a view, even after the rental is returned.</summary>
[Collection(UsesPython.Name)]
public sealed class PyMemoryPoolExportTests
{
    [Theory]
    [MemberData(nameof(Blocks.TestBlocks.Domains), MemberType = typeof(Blocks.TestBlocks))]
    public void A_rented_block_exported_to_Python_is_read_and_written_in_place(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        using var pool = new PyMemoryPool(new PyMemoryPoolOptions { Domain = domain });
        using IMemoryOwner<byte> owner = pool.Rent(1000);
        Memory<byte> memory = owner.Memory;
        "pooled"u8.CopyTo(memory.Span);
        string name = ExportedNames.Give(PythonBuffer.ExportWritable(memory));

        PyRun.EvalToString($"bytes(memoryview({name})[:6])").ShouldBe("b'pooled'");
        PyRun.EvalToString($"memoryview({name}).nbytes").ShouldBe("1024"); // the whole block of the class
        memory.Span[0] = (byte)'P'; // .NET writes, Python sees it: the same memory
        PyRun.EvalToString($"bytes(memoryview({name})[:6])").ShouldBe("b'Pooled'");
        PyRun.Exec($"memoryview({name})[1:3] = b'OO'"); // and the reverse
        memory.Span[..6].SequenceEqual("POOled"u8).ShouldBeTrue();

        // The buffer's address is the block's.
        PyRun.EvalToString($"__import__('ctypes').addressof((__import__('ctypes').c_char * 1024).from_buffer({name}))")
            .ShouldBe(PoolProbe.AddressOf(owner).ToString(System.Globalization.CultureInfo.InvariantCulture));
        PyRun.Exec($"del {name}");
    }

    [Fact]
    public void Returning_the_rental_while_Python_holds_a_view_defers_its_reuse_until_Python_lets_go()
    {
        using GilScope gil = GilScope.Enter();
        using var pool = new PyMemoryPool(new PyMemoryPoolOptions { ReturnFill = PoolReturnFill.Zero });
        IMemoryOwner<byte> owner = pool.Rent(64);
        nint address = PoolProbe.AddressOf(owner);
        owner.Memory.Span.Fill(0x2A);
        string name = ExportedNames.Give(PythonBuffer.Export(owner.Memory));
        PyRun.Exec($"{name}_view = memoryview({name})\ndel {name}"); // only the memoryview holds it now

        owner.Dispose();

        PoolProbe.ClassOf(pool, 64).RentedBlocks.ShouldBe(1); // returned, but still Python's
        using (IMemoryOwner<byte> other = pool.Rent(64))
        {
            PoolProbe.AddressOf(other).ShouldNotBe(address);
            other.Memory.Span.Fill(0x11);
        }

        PyRun.EvalToString($"set(bytes({name}_view))").ShouldBe("{42}"); // untouched by the other renter, not zeroed yet

        PyRun.Exec($"{name}_view.release()\ndel {name}_view");

        PoolSizeClassStatistics figures = PoolProbe.ClassOf(pool, 64);
        (figures.RentedBlocks, figures.RetainedBlocks).ShouldBe((0L, 2L));
        PoolProbe.Raw(address, 64).IndexOfAnyExcept((byte)0).ShouldBe(-1); // filled at the deferred return
    }

    [Theory]
    [MemberData(nameof(Blocks.TestBlocks.Domains), MemberType = typeof(Blocks.TestBlocks))]
    public void A_view_released_on_a_Python_thread_after_the_pool_was_disposed_frees_the_block_there(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        var pool = new PyMemoryPool(new PyMemoryPoolOptions { Domain = domain });
        IMemoryOwner<byte> owner = pool.Rent(4096);
        "threaded"u8.CopyTo(owner.Memory.Span);
        string name = ExportedNames.Give(PythonBuffer.Export(owner.Memory));
        owner.Dispose();
        pool.Dispose();
        long before = PoolProbe.LiveBlocks(domain);

        // The last reference goes on a threading.Thread (holding the GIL, without any GilScope of PyMemory).
        PyRun.Exec($"""
            import threading
            {name}_box = [memoryview({name})]
            del {name}
            {name}_seen = []
            def {name}_work(box, seen):
                seen.append(bytes(box[0][:8]))
                box[0].release()
                box.clear()
            {name}_thread = threading.Thread(target={name}_work, args=({name}_box, {name}_seen))
            {name}_thread.start()
            {name}_thread.join()
            """);

        PyRun.EvalToString($"{name}_seen").ShouldBe("[b'threaded']");
        PoolProbe.LiveBlocks(domain).ShouldBe(before - 1); // freed at once: that thread held the GIL
        PythonRuntime.PendingReleaseCount.ShouldBe(0);
        PyRun.Exec($"del {name}_box, {name}_seen, {name}_work, {name}_thread");
    }

    [Fact]
    public void Exporting_a_returned_rental_fails_and_pins_nothing()
    {
        using GilScope gil = GilScope.Enter();
        using var pool = new PyMemoryPool();
        IMemoryOwner<byte> owner = pool.Rent(64);
        Memory<byte> stale = owner.Memory;
        owner.Dispose();

        Should.Throw<ObjectDisposedException>(() => PythonBuffer.Export(stale));

        PoolProbe.ClassOf(pool, 64).RetainedBlocks.ShouldBe(1);
    }

}
