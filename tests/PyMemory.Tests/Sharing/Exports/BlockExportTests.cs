using System.Security.Cryptography;
using PyMemory.Tests.Blocks;
using PyMemory.Tests.Objects;

namespace PyMemory.Tests.Sharing.Exports;

/// <summary><see cref="PythonBuffer.Export(NativeBlock, bool)"/> and its window: every domain, read in place by the
/// buffer consumers of the standard library, written through .NET and through Python.</summary>
[Collection(UsesPython.Name)]
public class BlockExportTests
{
    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void Memoryview_bytes_struct_array_hashlib_and_file_write_read_the_block_in_place(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        using NativeBlock block = TestBlocks.Allocate(domain, 4096);
        for (int i = 0; i < 4096; i++)
        {
            block.Span[i] = (byte)(i * 7);
        }

        string name = ExportedNames.Give(PythonBuffer.Export(block));
        string path = Path.GetTempFileName();
        try
        {
            string expectedHash = Convert.ToHexStringLower(SHA256.HashData(block.Span));
            PyRun.EvalToString($"memoryview({name}).nbytes").ShouldBe("4096");
            PyRun.EvalToString($"bytes({name})[:4].hex()").ShouldBe("00070e15");
            PyRun.EvalToString($"__import__('struct').unpack_from('<BBH', {name}, 8)").ShouldBe($"({8 * 7 % 256}, {9 * 7 % 256}, {(10 * 7 % 256) | ((11 * 7 % 256) << 8)})");
            PyRun.EvalToString($"(lambda a: (a.frombytes({name}), len(a), a[100])[1:])(__import__('array').array('B'))").ShouldBe($"(4096, {100 * 7 % 256})");
            PyRun.EvalToString($"__import__('hashlib').sha256({name}).hexdigest()").ShouldBe(expectedHash);
            PyRun.Exec($"with open({Quote(path)}, 'wb') as f: f.write({name})");
            File.ReadAllBytes(path).ShouldBe(block.ToArray());

            block.Span[0] = 0xAB; // no copy: a later read sees the write
            PyRun.EvalToString($"memoryview({name})[0]").ShouldBe("171");
        }
        finally
        {
            File.Delete(path);
            PyRun.Exec($"del {name}");
        }
    }

    [Theory]
    [MemberData(nameof(TestBlocks.Domains), MemberType = typeof(TestBlocks))]
    public void A_writable_window_is_written_by_Python_at_its_offset(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        using NativeBlock block = TestBlocks.AllocateZeroed(domain, 16, 1);
        string name = ExportedNames.Give(PythonBuffer.ExportWritable(block, 4, 8));

        PyRun.Exec($"m = memoryview({name})\nm[:] = b'ABCDEFGH'\nm.release()\ndel m");

        block.ToArray().ShouldBe([0, 0, 0, 0, .. "ABCDEFGH"u8.ToArray(), 0, 0, 0, 0]);
        PyRun.EvalToString($"(memoryview({name}).readonly, memoryview({name}).nbytes)").ShouldBe("(False, 8)");
        PyRun.Exec($"del {name}");
    }

    [Fact]
    public void The_memoryview_describes_unsigned_bytes_at_the_blocks_address()
    {
        using GilScope gil = GilScope.Enter();
        using RawBlock block = RawBlock.Allocate(32);
        string name = ExportedNames.Give(PythonBuffer.Export(block, 8, 16));

        PyRun.EvalToString($"(lambda m: (m.format, m.itemsize, m.ndim, m.shape, m.strides, m.readonly, m.c_contiguous))(memoryview({name}))")
            .ShouldBe("('B', 1, 1, (16,), (1,), True, True)");
        nint address = block.DangerousGetHandle() + 8;
        BufferProbe.Address(name).ShouldBe(address);
        PyRun.Exec($"del {name}");
    }

    [Fact]
    public void Python_cannot_create_instances_of_the_exporter_type()
    {
        using GilScope gil = GilScope.Enter();
        using RawBlock block = RawBlock.Allocate(8);
        string name = ExportedNames.Give(PythonBuffer.Export(block));

        PyRun.EvalToString($"type({name}).__module__ + '.' + type({name}).__name__").ShouldBe("pymemory.Buffer");
        PyRun.Exec($"""
            {name}_outcomes = []
            for make in (lambda: type({name})(), lambda: object.__new__(type({name}))):
                try:
                    make()
                    {name}_outcomes.append('created')
                except TypeError:
                    {name}_outcomes.append('TypeError')
            """);
        PyRun.EvalToString($"{name}_outcomes").ShouldBe("['TypeError', 'TypeError']");
        PyRun.Exec($"del {name}, {name}_outcomes");
    }

    [Fact]
    public void Bad_arguments_are_refused_with_clear_exceptions_before_anything_is_pinned()
    {
        using GilScope gil = GilScope.Enter();
        using RawBlock block = RawBlock.Allocate(16);

        Should.Throw<ArgumentNullException>(() => PythonBuffer.Export((NativeBlock)null!));
        Should.Throw<ArgumentOutOfRangeException>(() => PythonBuffer.Export(block, 8, 9));
        Should.Throw<ArgumentOutOfRangeException>(() => PythonBuffer.Export(block, -1, 4));
        Should.Throw<ArgumentOutOfRangeException>(() => PythonBuffer.Export(block, 0, -4));
        Should.NotThrow(() => block.Resize(32)); // nothing was left pinned

        block.Dispose();
        Should.Throw<ObjectDisposedException>(() => PythonBuffer.Export(block));
    }

    [Fact]
    public void ViewCount_counts_the_live_buffer_views_of_an_export()
    {
        using GilScope gil = GilScope.Enter();
        using RawBlock block = RawBlock.Allocate(8);
        using PyObjectHandle exported = PythonBuffer.Export(block);
        string name = MainModule.UniqueName("exported");
        MainModule.Set(name, exported);

        PythonBuffer.ViewCount(exported).ShouldBe(0);
        PyRun.Exec($"{name}_views = [memoryview({name}), memoryview({name})]");
        PythonBuffer.ViewCount(exported).ShouldBe(2);
        PyRun.Exec($"{name}_views[0].release()");
        PythonBuffer.ViewCount(exported).ShouldBe(1);
        PyRun.Exec($"del {name}_views");
        PythonBuffer.ViewCount(exported).ShouldBe(0);
        PyRun.Exec($"del {name}");

        using PyObjectHandle list = PyObjects.NewList(0);
        Should.Throw<ArgumentException>(() => PythonBuffer.ViewCount(list)).Message.ShouldContain("'list'");
    }

    [Fact]
    public void Export_without_the_GIL_throws_GilRequiredException()
    {
        using RawBlock block = RawBlock.Allocate(8);
        Should.Throw<GilRequiredException>(() => PythonBuffer.Export(block));
        Should.NotThrow(() => block.Resize(16));
    }

    private static string Quote(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
