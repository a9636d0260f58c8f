namespace PyMemory.Tests.Sharing.Exports;

/// <summary>The exporter answers each PyBUF request as CPython's own exporters do (memoryobject.c, PyBuffer_FillInfo):
/// shape, strides and format only when asked for, one run of bytes otherwise, BufferError for what it cannot give.</summary>
[Collection(UsesPython.Name)]
public class BufferRequestTests
{
    [Fact]
    public void Requests_get_exactly_the_fields_they_ask_for()
    {
        using GilScope gil = GilScope.Enter();
        using RawBlock block = RawBlock.Allocate(24);
        string name = ExportedNames.Give(PythonBuffer.Export<int>(block, [2, 3]));

        BufferProbe.Request(name, BufferProbe.Simple).ShouldBe("(24, 4, 1, 1, None, None, None, None)");
        BufferProbe.Request(name, BufferProbe.ND).ShouldBe("(24, 4, 1, 2, None, (2, 3), None, None)");
        BufferProbe.Request(name, BufferProbe.Strides).ShouldBe("(24, 4, 1, 2, None, (2, 3), (12, 4), None)");
        BufferProbe.Request(name, BufferProbe.FullReadOnly).ShouldBe("(24, 4, 1, 2, 'i', (2, 3), (12, 4), None)");
        BufferProbe.Request(name, BufferProbe.CContiguous | BufferProbe.Format).ShouldBe("(24, 4, 1, 2, 'i', (2, 3), (12, 4), None)");
        BufferProbe.Request(name, BufferProbe.AnyContiguous).ShouldBe("(24, 4, 1, 2, None, (2, 3), (12, 4), None)");
        PyRun.Exec($"del {name}");
    }

    [Fact]
    public void A_writable_request_of_a_read_only_export_raises_BufferError_and_of_a_writable_one_succeeds()
    {
        using GilScope gil = GilScope.Enter();
        using RawBlock block = RawBlock.Allocate(8);
        string readOnly = ExportedNames.Give(PythonBuffer.Export(block));
        string writable = ExportedNames.Give(PythonBuffer.ExportWritable(block));

        BufferProbe.Request(readOnly, BufferProbe.Writable).ShouldBe("BufferError: Object is not writable.");
        BufferProbe.Request(writable, BufferProbe.Writable).ShouldBe("(8, 1, 0, 1, None, None, None, None)");
        PyRun.Exec($"del {readOnly}, {writable}");
    }

    [Fact]
    public void A_Fortran_order_request_is_refused_for_a_matrix_and_granted_where_both_orders_agree()
    {
        using GilScope gil = GilScope.Enter();
        using RawBlock block = RawBlock.Allocate(48);
        string matrix = ExportedNames.Give(PythonBuffer.Export<double>(block, [2, 3]));
        string column = ExportedNames.Give(PythonBuffer.Export<double>(block, [6, 1]));
        string vector = ExportedNames.Give(PythonBuffer.Export(block));

        BufferProbe.Request(matrix, BufferProbe.FContiguous).ShouldStartWith("BufferError: ");
        BufferProbe.Request(matrix, BufferProbe.FContiguous).ShouldContain("Fortran");
        BufferProbe.Request(column, BufferProbe.FContiguous).ShouldBe("(48, 8, 1, 2, None, (6, 1), (8, 8), None)");
        BufferProbe.Request(vector, BufferProbe.FContiguous).ShouldBe("(48, 1, 1, 1, None, (48,), (1,), None)");
        PyRun.Exec($"del {matrix}, {column}, {vector}");
    }

    [Fact]
    public void Every_granted_request_is_released_so_the_view_count_returns_to_zero()
    {
        using GilScope gil = GilScope.Enter();
        using RawBlock block = RawBlock.Allocate(8);
        using PyObjectHandle exported = PythonBuffer.Export(block);
        string name = Objects.MainModule.UniqueName("exported");
        Objects.MainModule.Set(name, exported);

        foreach (int flags in new[] { BufferProbe.Simple, BufferProbe.FullReadOnly, BufferProbe.Writable })
        {
            _ = BufferProbe.Request(name, flags);
        }

        PythonBuffer.ViewCount(exported).ShouldBe(0);
        PyRun.Exec($"del {name}");
    }
}
