using System.Runtime.InteropServices;
using PyMemory.Interop;

namespace PyMemory.Tests.Sharing.Leases;

public class PyBufferLayoutTests
{
    [Fact]
    public void Py_buffer_has_the_C_layout_of_3_8_to_3_14()
    {
        Marshal.SizeOf<Py_buffer>().ShouldBe(80);
        string[] fields = ["buf", "obj", "len", "itemsize", "readonly", "ndim", "format", "shape", "strides", "suboffsets", "internal"];
        int[] offsets = [0, 8, 16, 24, 32, 36, 40, 48, 56, 64, 72];

        fields.Select(f => (int)Marshal.OffsetOf<Py_buffer>(f)).ShouldBe(offsets);
    }

    [Fact]
    public void The_request_flags_have_CPythons_values()
    {
        PyBufferFlags.PyBUF_SIMPLE.ShouldBe(0);
        PyBufferFlags.PyBUF_STRIDES.ShouldBe(0x18);
        PyBufferFlags.PyBUF_C_CONTIGUOUS.ShouldBe(0x38);
        PyBufferFlags.PyBUF_INDIRECT.ShouldBe(0x118);
        PyBufferFlags.PyBUF_RECORDS.ShouldBe(0x1D);
        PyBufferFlags.PyBUF_RECORDS_RO.ShouldBe(0x1C);
        PyBufferFlags.PyBUF_FULL_RO.ShouldBe(0x11C);
    }
}
