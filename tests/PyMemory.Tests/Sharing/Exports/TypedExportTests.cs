using System.Runtime.InteropServices;

namespace PyMemory.Tests.Sharing.Exports;

/// <summary>Typed exports: element format and shape, C-contiguous, checked against the memory's length.</summary>
[Collection(UsesPython.Name)]
public class TypedExportTests
{
    [Fact]
    public void A_float32_matrix_is_seen_by_memoryview_with_its_format_shape_and_values()
    {
        using GilScope gil = GilScope.Enter();
        using RawBlock block = RawBlock.Allocate(6 * sizeof(float));
        float[] values = [1.5f, -2f, 3.25f, 4f, 5f, -6.5f];
        MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(block.Span);
        string name = ExportedNames.Give(PythonBuffer.Export<float>(block, [2, 3]));

        PyRun.EvalToString($"(lambda m: (m.format, m.itemsize, m.shape, m.strides, m.nbytes, m.c_contiguous))(memoryview({name}))")
            .ShouldBe("('f', 4, (2, 3), (12, 4), 24, True)");
        PyRun.EvalToString($"memoryview({name}).tolist()").ShouldBe("[[1.5, -2.0, 3.25], [4.0, 5.0, -6.5]]");
        PyRun.Exec($"del {name}");
    }

    [Fact]
    public void Each_element_types_format_has_the_types_size_in_the_struct_module()
    {
        using GilScope gil = GilScope.Enter();
        using RawBlock block = RawBlock.Allocate(8);

        Check<byte>(block, 'B');
        Check<sbyte>(block, 'b');
        Check<short>(block, 'h');
        Check<ushort>(block, 'H');
        Check<int>(block, 'i');
        Check<uint>(block, 'I');
        Check<long>(block, 'q');
        Check<ulong>(block, 'Q');
        Check<nint>(block, 'n');
        Check<nuint>(block, 'N');
        Check<Half>(block, 'e');
        Check<float>(block, 'f');
        Check<double>(block, 'd');
        Check<bool>(block, '?');
    }

    [Fact]
    public void A_typed_value_written_by_dotnet_is_read_back_by_Python_as_that_type()
    {
        using GilScope gil = GilScope.Enter();
        using RawBlock block = RawBlock.Allocate(3 * sizeof(long));
        block.AsSpan<long>()[2] = -1234567890123;
        string name = ExportedNames.Give(PythonBuffer.ExportWritable<long>(block, [3]));

        PyRun.EvalToString($"memoryview({name})[2]").ShouldBe("-1234567890123");
        PyRun.Exec($"memoryview({name})[0] = 42");
        block.AsSpan<long>()[0].ShouldBe(42);
        PyRun.Exec($"del {name}");
    }

    [Fact]
    public void A_shape_that_does_not_cover_the_length_is_refused()
    {
        using GilScope gil = GilScope.Enter();
        using RawBlock block = RawBlock.Allocate(24);

        Should.Throw<ArgumentException>(() => PythonBuffer.Export<float>(block, [2, 2])).Message.ShouldContain("covers 16 bytes; the memory has 24");
        Should.Throw<ArgumentException>(() => PythonBuffer.Export<float>(block, [])).Message.ShouldContain("1 to 64 dimensions");
        Should.Throw<ArgumentException>(() => PythonBuffer.Export<float>(block, new long[65])).Message.ShouldContain("1 to 64 dimensions");
        Should.Throw<ArgumentException>(() => PythonBuffer.Export<float>(block, [-2, -3])).Message.ShouldContain("negative");
        Should.Throw<ArgumentException>(() => PythonBuffer.Export<double>(block, [long.MaxValue, 2])).Message.ShouldContain("more bytes");
        Should.Throw<ArgumentException>(() => PythonBuffer.Export<float>(block.AsMemory(), [5]));
        Should.Throw<NotSupportedException>(() => PythonBuffer.Export<char>(block, [12])).Message.ShouldContain("Char");
        Should.Throw<NotSupportedException>(() => PythonBuffer.Export<Guid>(block.AsMemory(0, 16), [1]));
        Should.NotThrow(() => block.Resize(48)); // nothing was left pinned by the refusals
    }

    [Fact]
    public void A_zero_length_dimension_exports_an_empty_array()
    {
        using GilScope gil = GilScope.Enter();
        using RawBlock block = RawBlock.Allocate(0);
        string name = ExportedNames.Give(PythonBuffer.Export<float>(block, [0, 4]));

        PyRun.EvalToString($"(lambda m: (m.shape, m.nbytes, m.tolist()))(memoryview({name}))").ShouldBe("((0, 4), 0, [])");
        PyRun.Exec($"del {name}");
    }

    private static unsafe void Check<T>(RawBlock block, char format)
        where T : unmanaged
    {
        string name = ExportedNames.Give(PythonBuffer.Export<T>(block.AsMemory(0, sizeof(T)), [1]));
        PyRun.EvalToString($"(lambda m: (m.format, m.itemsize, __import__('struct').calcsize(m.format)))(memoryview({name}))")
            .ShouldBe($"('{format}', {sizeof(T)}, {sizeof(T)})", typeof(T).Name);
        PyRun.Exec($"del {name}");
    }
}
