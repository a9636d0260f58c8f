using System.Buffers;
using PyMemory.Tests.Objects;

namespace PyMemory.Tests.Sharing.Exports;

/// <summary><see cref="PythonBuffer.Export(Memory{byte}, bool)"/> and its read-only twin: any pinnable memory (a block's
/// AsMemory, a managed array, a MemoryPool rental) read and written in place by Python, pinned while Python holds it.</summary>
[Collection(UsesPython.Name)]
public class MemoryExportTests
{
    [Fact]
    public void A_managed_array_is_read_in_place_and_stays_pinned_until_Python_releases_the_object()
    {
        byte[] data = [1, 2, 3, 4, 250];
        using GilScope gil = GilScope.Enter();
        string name = MainModule.UniqueName("exported");
        using (PyObjectHandle exported = PythonBuffer.Export(new ReadOnlyMemory<byte>(data)))
        {
            MainModule.Set(name, exported);
        }

        PyRun.EvalToString($"bytes({name}).hex()").ShouldBe("01020304fa");
        data[0] = 9; // a write through .NET is seen by Python: the same memory, no copy
        PyRun.EvalToString($"memoryview({name})[0]").ShouldBe("9");
        PyRun.EvalToString($"memoryview({name}).readonly").ShouldBe("True");
        PyRun.Exec($"del {name}");
    }

    [Fact]
    public void A_writable_export_lets_Python_write_into_the_memory()
    {
        byte[] data = new byte[8];
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle exported = PythonBuffer.ExportWritable(data.AsMemory(2, 4));
        string name = MainModule.UniqueName("exported");
        MainModule.Set(name, exported);

        PyRun.Exec($"m = memoryview({name})\nm[0:4] = b'\\x0a\\x0b\\x0c\\x0d'\nm.release()\ndel m, {name}");

        data.ShouldBe(new byte[] { 0, 0, 10, 11, 12, 13, 0, 0 });
    }

    [Fact]
    public void A_read_only_export_refuses_a_writable_request_with_BufferError()
    {
        byte[] data = new byte[4];
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle exported = PythonBuffer.Export(data.AsMemory());
        string name = MainModule.UniqueName("exported");
        MainModule.Set(name, exported);

        PyRun.Exec($"""
            try:
                memoryview({name})[0] = 1
                {name}_outcome = 'written'
            except TypeError as e:
                {name}_outcome = 'TypeError: ' + str(e)
            try:
                import ctypes
                (ctypes.c_char * 4).from_buffer({name})
                {name}_writable = 'granted'
            except (BufferError, TypeError) as e:
                {name}_writable = type(e).__name__ + ': ' + str(e)
            """);
        PyRun.EvalToString($"{name}_outcome").ShouldBe("TypeError: cannot modify read-only memory");
        PyRun.EvalToString($"{name}_writable").ShouldContain("not writable");
        data.ShouldAllBe(b => b == 0);
        PyRun.Exec($"del {name}, {name}_outcome, {name}_writable");
    }

    [Theory]
    [MemberData(nameof(Blocks.TestBlocks.Domains), MemberType = typeof(Blocks.TestBlocks))]
    public void A_blocks_AsMemory_export_pins_the_block_so_Resize_is_refused_and_Dispose_deferred(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        NativeBlock block = Blocks.TestBlocks.Allocate(domain, 16);
        block.CopyFrom("0123456789abcdef"u8);
        string name = MainModule.UniqueName("exported");
        using (PyObjectHandle exported = PythonBuffer.Export(block.AsMemory(4, 8)))
        {
            MainModule.Set(name, exported);
        }

        Should.Throw<InvalidOperationException>(() => block.Resize(64)).Message.ShouldContain("pinned");
        block.Dispose();
        block.IsClosed.ShouldBeFalse(); // the free waits for Python
        PyRun.EvalToString($"bytes({name})").ShouldBe("b'456789ab'");

        PyRun.Exec($"del {name}");

        block.IsClosed.ShouldBeTrue(); // freed when Python let go, on this thread, which holds the GIL
    }

    [Fact]
    public void A_MemoryPool_rental_is_exported_and_read_by_struct()
    {
        using IMemoryOwner<byte> rental = MemoryPool<byte>.Shared.Rent(16);
        BitConverter.TryWriteBytes(rental.Memory.Span, 0x01020304).ShouldBeTrue();
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle exported = PythonBuffer.Export(rental.Memory[..4]);
        string name = MainModule.UniqueName("exported");
        MainModule.Set(name, exported);

        PyRun.EvalToString($"__import__('struct').unpack_from('<I', {name})[0]").ShouldBe(0x01020304.ToString(System.Globalization.CultureInfo.InvariantCulture));
        PyRun.Exec($"del {name}");
    }

    [Fact]
    public void An_empty_memory_exports_an_empty_buffer()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle exported = PythonBuffer.Export(Memory<byte>.Empty);
        string name = MainModule.UniqueName("exported");
        MainModule.Set(name, exported);

        PyRun.EvalToString($"(bytes({name}), memoryview({name}).nbytes)").ShouldBe("(b'', 0)");
        PyRun.Exec($"del {name}");
    }

    [Fact]
    public void Export_without_the_GIL_throws_GilRequiredException_and_leaves_the_memory_unpinned()
    {
        using RawBlock block = RawBlock.Allocate(8);
        Memory<byte> memory = block.AsMemory();
        Should.Throw<GilRequiredException>(() => PythonBuffer.Export(memory));
        Should.NotThrow(() => block.Resize(16)); // the pin taken for the failed export was given back
    }
}
