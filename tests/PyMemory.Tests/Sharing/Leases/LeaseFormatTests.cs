using System.Numerics;

namespace PyMemory.Tests.Sharing.Leases;

[Collection(UsesPython.Name)]
public class LeaseFormatTests
{
    [Fact]
    public void Typed_spans_over_array_array_match_each_typecode()
    {
        using GilScope gil = GilScope.Enter();

        Check<sbyte>("b", [-1, 2]);
        Check<byte>("B", [1, 255]);
        Check<short>("h", [-300, 300]);
        Check<ushort>("H", [1, 65535]);
        Check<int>("i", [-70000, 70000]);
        Check<uint>("I", [1, 4000000000]);
        Check<long>("l", [-(1L << 40), 1L << 40]); // C long: 8 bytes on 64-bit Linux
        Check<ulong>("L", [1, 1UL << 63]);
        Check<long>("q", [long.MinValue, long.MaxValue]);
        Check<ulong>("Q", [0, ulong.MaxValue]);
        Check<float>("f", [1.5f, -2.25f]);
        Check<double>("d", [Math.PI, -0.5]);
        Check<nint>("q", [-5, 5]);

        static void Check<T>(string typecode, T[] values)
            where T : unmanaged, IEquatable<T>
        {
            string literal = string.Join(", ", values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)));
            using PyObjectHandle array = PyRun.Eval($"__import__('array').array('{typecode}', [{literal}])");
            using PyBufferLease lease = PyBufferLease.Enter(array);

            lease.Format.ShouldBe(typecode);
            lease.ItemSize.ShouldBe(System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
            lease.AsReadOnlySpan<T>().ToArray().ShouldBe(values, typecode);
            lease.ReadItem<T>(1).ShouldBe(values[1], typecode);
        }
    }

    [Fact]
    public void A_typed_span_of_the_wrong_type_is_refused_with_InvalidCastException()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle array = PyRun.Eval("__import__('array').array('d', [1.0, 2.0])");
        using PyBufferLease lease = PyBufferLease.EnterWritable(array);

        string message = LeaseAssert.Throws<InvalidCastException>(lease, l => _ = l.AsReadOnlySpan<long>()).Message;
        message.ShouldContain("format is 'd' (item size 8)");
        message.ShouldContain("elements are double");
        message.ShouldContain("cannot be viewed as Int64");
        LeaseAssert.Throws<InvalidCastException>(lease, l => _ = l.AsSpan<float>());
        LeaseAssert.Throws<InvalidCastException>(lease, l => _ = l.ReadItem<ulong>(0));
        LeaseAssert.Throws<InvalidCastException>(lease, l => l.WriteItem(1, 0)); // an int, not a double
        LeaseAssert.Throws<InvalidCastException>(lease, l => _ = l.AsReadOnlySpan<Guid>()).Message.ShouldContain("Guid");
        lease.AsReadOnlySpan().Length.ShouldBe(16); // the bytes are always viewable
        lease.WriteItem(7.5, 1);
        lease.AsReadOnlySpan<double>()[1].ShouldBe(7.5);
    }

    [Fact]
    public void Byte_order_prefixes_are_read_as_the_struct_module_defines_them()
    {
        using GilScope gil = GilScope.Enter();
        PyRun.Exec("import ctypes");

        // ctypes describes its arrays with an explicit '<' (standard sizes, little-endian).
        using (PyObjectHandle ints = PyRun.Eval("(ctypes.c_int * 3)(1, -2, 3)"))
        using (PyBufferLease lease = PyBufferLease.Enter(ints))
        {
            lease.Format.ShouldBe("<i");
            lease.AsReadOnlySpan<int>().ToArray().ShouldBe([1, -2, 3]);
        }

        using (PyObjectHandle doubles = PyRun.Eval("(ctypes.c_double * 2)(0.25, 4.0)"))
        using (PyBufferLease lease = PyBufferLease.Enter(doubles))
        {
            lease.Format.ShouldBe("<d");
            lease.AsReadOnlySpan<double>().ToArray().ShouldBe([0.25, 4.0]);
        }

        using (PyObjectHandle bigEndian = PyRun.Eval("(ctypes.c_int.__ctype_be__ * 2)(1, 2)"))
        using (PyBufferLease lease = PyBufferLease.Enter(bigEndian))
        {
            lease.Format.ShouldBe(">i");
            LeaseAssert.Throws<InvalidCastException>(lease, l => _ = l.AsReadOnlySpan<int>()).Message.ShouldContain("byte order");
            System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(lease.AsReadOnlySpan()[4..]).ShouldBe(2);
        }
    }

    [Fact]
    public void A_memoryview_cast_takes_the_new_format_and_shape()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle view = PyRun.Eval("memoryview(bytearray(24)).cast('d', (3,))");
        using PyBufferLease lease = PyBufferLease.EnterWritable(view);

        lease.Format.ShouldBe("d");
        lease.AsSpan<double>().Fill(1.25);
        lease.AsReadOnlySpan<double>().ToArray().ShouldBe([1.25, 1.25, 1.25]);
    }

    [Theory]
    [InlineData("B", 1, "UInt8")]
    [InlineData("c", 1, "UInt8")]
    [InlineData("b", 1, "Int8")]
    [InlineData("?", 1, "Bool")]
    [InlineData("@h", 2, "Int16")]
    [InlineData("=H", 2, "UInt16")]
    [InlineData("<i", 4, "Int32")]
    [InlineData("l", 8, "Int64")] // native: C long
    [InlineData("@L", 8, "UInt64")]
    [InlineData("=l", 4, "Int32")] // standard sizes: 4 bytes
    [InlineData("<L", 4, "UInt32")]
    [InlineData("<l", 8, "Other")] // standard 'l' is 4 bytes: an item size of 8 contradicts the format
    [InlineData("q", 8, "Int64")]
    [InlineData("<Q", 8, "UInt64")]
    [InlineData("n", 8, "Int64")]
    [InlineData("N", 8, "UInt64")]
    [InlineData("=n", 8, "Other")] // 'n' has no standard size
    [InlineData("e", 2, "Float16")]
    [InlineData("<f", 4, "Float32")]
    [InlineData("d", 8, "Float64")]
    [InlineData("Zd", 16, "Complex128")]
    [InlineData(">d", 8, "SwappedOrder")]
    [InlineData("!i", 4, "SwappedOrder")]
    [InlineData(">B", 1, "UInt8")] // one byte has no byte order
    [InlineData("g", 16, "Other")] // long double
    [InlineData("P", 8, "Other")]
    [InlineData("2d", 16, "Other")]
    [InlineData("T{<i:x:<d:y:}", 16, "Other")]
    [InlineData("d", 4, "Other")] // item size disagrees
    [InlineData("", 1, "Other")]
    public unsafe void BufferFormat_parses_struct_formats(string format, int itemSize, string expected)
    {
        byte[] text = System.Text.Encoding.ASCII.GetBytes(format + "\0");
        fixed (byte* p = text)
        {
            BufferFormat.Parse(p, itemSize).ToString().ShouldBe(expected);
        }
    }

    [Fact]
    public unsafe void A_NULL_format_means_unsigned_bytes()
    {
        BufferFormat.Parse(null, 1).ShouldBe(BufferElement.UInt8);
    }

    [Fact]
    public void Each_supported_NET_type_names_one_element()
    {
        BufferFormat.ElementOf<byte>().ShouldBe(BufferElement.UInt8);
        BufferFormat.ElementOf<sbyte>().ShouldBe(BufferElement.Int8);
        BufferFormat.ElementOf<bool>().ShouldBe(BufferElement.Bool);
        BufferFormat.ElementOf<short>().ShouldBe(BufferElement.Int16);
        BufferFormat.ElementOf<ushort>().ShouldBe(BufferElement.UInt16);
        BufferFormat.ElementOf<int>().ShouldBe(BufferElement.Int32);
        BufferFormat.ElementOf<uint>().ShouldBe(BufferElement.UInt32);
        BufferFormat.ElementOf<long>().ShouldBe(BufferElement.Int64);
        BufferFormat.ElementOf<ulong>().ShouldBe(BufferElement.UInt64);
        BufferFormat.ElementOf<nint>().ShouldBe(BufferElement.Int64);
        BufferFormat.ElementOf<nuint>().ShouldBe(BufferElement.UInt64);
        BufferFormat.ElementOf<Half>().ShouldBe(BufferElement.Float16);
        BufferFormat.ElementOf<float>().ShouldBe(BufferElement.Float32);
        BufferFormat.ElementOf<double>().ShouldBe(BufferElement.Float64);
        BufferFormat.ElementOf<Complex>().ShouldBe(BufferElement.Complex128);
        BufferFormat.ElementOf<char>().ShouldBe(BufferElement.Other);
        BufferFormat.ElementOf<decimal>().ShouldBe(BufferElement.Other);
    }
}
