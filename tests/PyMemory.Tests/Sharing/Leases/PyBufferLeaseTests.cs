namespace PyMemory.Tests.Sharing.Leases;

[Collection(UsesPython.Name)]
public class PyBufferLeaseTests
{
    [Fact]
    public void A_lease_over_bytes_views_its_memory_in_place_and_describes_it()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle bytes = PyObjects.FromBytes("hello, lease"u8);
        using PyBufferLease lease = PyBufferLease.Enter(bytes);

        lease.AsReadOnlySpan().SequenceEqual("hello, lease"u8).ShouldBeTrue();
        lease.Length.ShouldBe(12);
        lease.ItemSize.ShouldBe(1);
        lease.Dimensions.ShouldBe(1);
        lease.Format.ShouldBe("B");
        lease.Shape.ToArray().ShouldBe([12]);
        lease.Strides.ToArray().ShouldBe([1]);
        lease.IsReadOnly.ShouldBeTrue();
        lease.IsWritable.ShouldBeFalse();
        lease.IsContiguous.ShouldBeTrue();
        lease.AsReadOnlySpan<byte>().Length.ShouldBe(12);
    }

    [Fact]
    public unsafe void The_span_is_the_exporters_own_memory_not_a_copy()
    {
        using GilScope gil = GilScope.Enter();
        (string name, PyObjectHandle array) = LeasedObjects.Bind("bytearray(b'abc')");
        using (array)
        {
            using PyBufferLease lease = PyBufferLease.Enter(array);
            PyRun.Exec($"{name}[1] = ord('X')"); // a write in Python, after the lease was entered

            lease.AsReadOnlySpan().SequenceEqual("aXc"u8).ShouldBeTrue();
            fixed (byte* p = lease.AsReadOnlySpan())
            {
                using PyObjectHandle address = PyRun.Eval($"__import__('ctypes').addressof(__import__('ctypes').c_char.from_buffer({name}))");
                ((long)p).ShouldBe(PyObjects.ReadInt64(address));
            }
        }

        LeasedObjects.Forget(name);
    }

    [Fact]
    public void A_writable_lease_over_a_bytearray_writes_what_Python_then_reads()
    {
        using GilScope gil = GilScope.Enter();
        (string name, PyObjectHandle array) = LeasedObjects.Bind("bytearray(4)");
        using (array)
        {
            using (PyBufferLease lease = PyBufferLease.EnterWritable(array))
            {
                lease.IsWritable.ShouldBeTrue();
                lease.IsReadOnly.ShouldBeFalse();
                "wxyz"u8.CopyTo(lease.AsSpan());
                lease.AsSpan<byte>()[0] = (byte)'W';
                PyRun.EvalToString($"{name}").ShouldBe("bytearray(b'Wxyz')");
            }
        }

        LeasedObjects.Forget(name);
    }

    [Fact]
    public void A_read_only_lease_refuses_writable_spans_even_over_writable_memory()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle array = PyObjects.FromByteArray("abc"u8);
        using PyBufferLease lease = PyBufferLease.Enter(array);

        lease.IsReadOnly.ShouldBeFalse(); // a bytearray's memory is writable...
        LeaseAssert.Throws<InvalidOperationException>(lease, l => _ = l.AsSpan()).Message.ShouldContain("EnterWritable");
        LeaseAssert.Throws<InvalidOperationException>(lease, l => _ = l.AsSpan<byte>()).Message.ShouldContain("read-only");
        LeaseAssert.Throws<InvalidOperationException>(lease, l => l.WriteItem<byte>(1, 0)).Message.ShouldContain("read-only");
        lease.AsReadOnlySpan().SequenceEqual("abc"u8).ShouldBeTrue(); // ...but this lease only reads it
    }

    [Fact]
    public void A_writable_lease_of_bytes_fails_with_Pythons_BufferError()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle bytes = PyObjects.FromBytes("immutable"u8);
        long references = bytes.RefCount;

        PythonException e = Should.Throw<PythonException>(() => PyBufferLease.EnterWritable(bytes).Dispose());

        e.PythonTypeName.ShouldBe("BufferError");
        e.PythonMessage.ShouldBe("Object is not writable.");
        PythonException.IsPending.ShouldBeFalse();
        bytes.RefCount.ShouldBe(references); // the failed request took no reference
        ThreadSlots<LeaseSlot>.RentedOnThisThread.ShouldBe(0); // and gave its slot back
    }

    [Fact]
    public void An_object_that_is_not_a_buffer_is_refused_with_ArgumentException_carrying_the_TypeError()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle number = PyObjects.FromInt64(42);
        using PyObjectHandle text = PyObjects.FromString("a str is not a buffer");

        ArgumentException e = Should.Throw<ArgumentException>(() => PyBufferLease.Enter(number).Dispose());

        e.ParamName.ShouldBe("exporter");
        e.Message.ShouldContain("'int' object does not export a buffer");
        e.InnerException.ShouldBeOfType<PythonException>().PythonTypeName.ShouldBe("TypeError");
        Should.Throw<ArgumentException>(() => PyBufferLease.Enter(text).Dispose()).Message.ShouldContain("'str'");
        PythonException.IsPending.ShouldBeFalse();
        ThreadSlots<LeaseSlot>.RentedOnThisThread.ShouldBe(0);
    }

    [Fact]
    public void Python_cannot_resize_a_leased_bytearray_and_the_memory_stays_valid()
    {
        using GilScope gil = GilScope.Enter();
        (string name, PyObjectHandle array) = LeasedObjects.Bind("bytearray(b'0123456789')");
        using (array)
        {
            using (PyBufferLease lease = PyBufferLease.EnterWritable(array))
            {
                Span<byte> span = lease.AsSpan();

                PythonException e = Should.Throw<PythonException>(() => PyRun.Exec($"{name}.extend(b'x' * 100000)"));
                e.PythonTypeName.ShouldBe("BufferError");
                e.PythonMessage.ShouldContain("Existing exports of data: object cannot be re-sized");
                Should.Throw<PythonException>(() => PyRun.Exec($"{name}.clear()")).PythonTypeName.ShouldBe("BufferError");

                span[0] = (byte)'!';
                span.SequenceEqual("!123456789"u8).ShouldBeTrue();
                PyRun.EvalToString(name).ShouldBe("bytearray(b'!123456789')");
            }

            PyRun.Exec($"{name}.extend(b'abc')"); // released: resizing works again
            PyRun.EvalToString($"len({name})").ShouldBe("13");
        }

        LeasedObjects.Forget(name);
    }

    [Fact]
    public void An_mmap_cannot_be_closed_while_leased()
    {
        using GilScope gil = GilScope.Enter();
        (string name, PyObjectHandle map) = LeasedObjects.Bind("__import__('mmap').mmap(-1, 4096)");
        using (map)
        {
            using (PyBufferLease lease = PyBufferLease.EnterWritable(map))
            {
                lease.Length.ShouldBe(4096);
                lease.AsSpan().Fill(7);
                Should.Throw<PythonException>(() => PyRun.Exec($"{name}.close()")).PythonTypeName.ShouldBe("BufferError");
                PyRun.EvalToString($"{name}[4095]").ShouldBe("7");
            }

            PyRun.Exec($"{name}.close()");
        }

        LeasedObjects.Forget(name);
    }

    [Fact]
    public void A_memoryview_slice_is_leased_as_its_window()
    {
        using GilScope gil = GilScope.Enter();
        (string name, PyObjectHandle view) = LeasedObjects.Bind("memoryview(b'0123456789')[2:6]");
        using (view)
        {
            using PyBufferLease lease = PyBufferLease.Enter(view);

            lease.AsReadOnlySpan().SequenceEqual("2345"u8).ShouldBeTrue();
            lease.IsReadOnly.ShouldBeTrue();
        }

        LeasedObjects.Forget(name);
    }

    [Fact]
    public void A_memoryview_cannot_be_released_while_leased()
    {
        using GilScope gil = GilScope.Enter();
        (string name, PyObjectHandle view) = LeasedObjects.Bind("memoryview(bytearray(8))");
        using (view)
        {
            using (PyBufferLease lease = PyBufferLease.Enter(view))
            {
                PythonException e = Should.Throw<PythonException>(() => PyRun.Exec($"{name}.release()"));
                e.PythonTypeName.ShouldBe("BufferError");
                lease.Length.ShouldBe(8);
            }

            PyRun.Exec($"{name}.release()");
        }

        LeasedObjects.Forget(name);
    }

    [Fact]
    public void A_two_dimensional_memoryview_exposes_shape_and_strides()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle view = PyRun.Eval("memoryview(bytes(range(6))).cast('B', (2, 3))");
        using PyBufferLease lease = PyBufferLease.Enter(view);

        lease.Dimensions.ShouldBe(2);
        lease.Shape.ToArray().ShouldBe([2, 3]);
        lease.Strides.ToArray().ShouldBe([3, 1]);
        lease.IsContiguous.ShouldBeTrue();
        lease.AsReadOnlySpan().ToArray().ShouldBe([0, 1, 2, 3, 4, 5]);
        lease.ReadItem<byte>(1, 2).ShouldBe((byte)5);
    }

    [Fact]
    public void A_strided_memoryview_is_refused_for_spans_and_read_through_its_strides()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle view = PyRun.Eval("memoryview(b'0123456789')[::2]");
        using PyBufferLease lease = PyBufferLease.Enter(view);

        lease.IsContiguous.ShouldBeFalse();
        lease.Shape.ToArray().ShouldBe([5]);
        lease.Strides.ToArray().ShouldBe([2]);
        lease.Length.ShouldBe(5);
        string message = LeaseAssert.Throws<InvalidOperationException>(lease, l => _ = l.AsReadOnlySpan()).Message;
        message.ShouldContain("not C-contiguous");
        message.ShouldContain("strides (2)");
        message.ShouldContain("ReadItem or CopyTo");
        LeaseAssert.Throws<InvalidOperationException>(lease, l => _ = l.AsReadOnlySpan<byte>());

        byte[] copy = new byte[5];
        lease.CopyTo(copy);
        copy.ShouldBe("02468"u8.ToArray());
        lease.ReadItem<byte>(3).ShouldBe((byte)'6');
    }

    [Fact]
    public void A_reversed_memoryview_has_a_negative_stride_and_copies_in_its_own_order()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle view = PyRun.Eval("memoryview(b'abcde')[::-1]");
        using PyBufferLease lease = PyBufferLease.Enter(view);

        lease.Strides.ToArray().ShouldBe([-1]);
        lease.IsContiguous.ShouldBeFalse();
        byte[] copy = new byte[5];
        lease.CopyTo(copy);
        copy.ShouldBe("edcba"u8.ToArray());
        lease.ReadItem<byte>(0).ShouldBe((byte)'e');
    }

    [Fact]
    public void ReadItem_and_CopyTo_refuse_bad_arguments()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle view = PyRun.Eval("memoryview(bytes(range(6))).cast('B', (2, 3))");
        using PyBufferLease lease = PyBufferLease.Enter(view);

        LeaseAssert.Throws<ArgumentException>(lease, l => l.ReadItem<byte>(1)).Message.ShouldContain("2 dimension(s); 1 index(es)");
        LeaseAssert.Throws<ArgumentOutOfRangeException>(lease, l => l.ReadItem<byte>(2, 0)).Message.ShouldContain("outside 0..1");
        LeaseAssert.Throws<ArgumentOutOfRangeException>(lease, l => l.ReadItem<byte>(0, -1));
        LeaseAssert.Throws<ArgumentException>(lease, l => l.CopyTo(new byte[5])).ParamName.ShouldBe("destination");
    }

    [Fact]
    public void A_zero_dimensional_buffer_is_one_element_read_with_no_index()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle scalar = PyRun.Eval("memoryview(b'\\x2a').cast('B', [])");
        using PyBufferLease lease = PyBufferLease.Enter(scalar);

        lease.Dimensions.ShouldBe(0);
        lease.Shape.IsEmpty.ShouldBeTrue();
        lease.Strides.IsEmpty.ShouldBeTrue();
        lease.Length.ShouldBe(1);
        lease.IsContiguous.ShouldBeTrue();
        lease.ReadItem<byte>().ShouldBe((byte)42);
        lease.AsReadOnlySpan().ToArray().ShouldBe([42]);
        byte[] copy = new byte[1];
        lease.CopyTo(copy);
        copy.ShouldBe([42]);
    }

    [Fact]
    public void An_empty_buffer_leases_as_an_empty_span()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle empty = PyObjects.FromBytes([]);
        using PyBufferLease lease = PyBufferLease.Enter(empty);

        lease.Length.ShouldBe(0);
        lease.AsReadOnlySpan().IsEmpty.ShouldBeTrue();
        lease.IsContiguous.ShouldBeTrue();
        lease.CopyTo([]);
    }

    [Fact]
    public void The_lease_keeps_the_object_alive_after_its_handle_is_disposed()
    {
        using GilScope gil = GilScope.Enter();
        PyObjectHandle bytes = PyRun.Eval("bytes(range(200)) * 5000");
        using PyBufferLease lease = PyBufferLease.Enter(bytes);
        bytes.Dispose(); // the export holds its own reference (Py_buffer.obj)
        using (PyRun.Eval("[bytes(1000) for _ in range(1000)]"))
        {
        }

        ReadOnlySpan<byte> span = lease.AsReadOnlySpan();
        span.Length.ShouldBe(1_000_000);
        span[199].ShouldBe((byte)199);
        span[999_999].ShouldBe((byte)199);
    }
}
