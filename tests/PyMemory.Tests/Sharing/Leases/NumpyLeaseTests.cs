namespace PyMemory.Tests.Sharing.Leases;

[Collection(UsesPython.Name)]
public class NumpyLeaseTests
{
    [NumpyFact]
    public void A_float64_matrix_is_leased_with_its_shape_strides_and_format()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle matrix = PyRun.Eval("__import__('numpy').arange(12, dtype=__import__('numpy').float64).reshape(3, 4)");
        using PyBufferLease lease = PyBufferLease.Enter(matrix);

        lease.Format.ShouldBe("d");
        lease.ItemSize.ShouldBe(8);
        lease.Dimensions.ShouldBe(2);
        lease.Shape.ToArray().ShouldBe([3, 4]);
        lease.Strides.ToArray().ShouldBe([32, 8]);
        lease.Length.ShouldBe(96);
        lease.IsContiguous.ShouldBeTrue();
        lease.AsReadOnlySpan<double>().ToArray().ShouldBe(Enumerable.Range(0, 12).Select(i => (double)i).ToArray());
        lease.ReadItem<double>(2, 1).ShouldBe(9.0);
    }

    [NumpyFact]
    public void Writes_through_the_NET_span_are_seen_by_numpy_in_place()
    {
        using GilScope gil = GilScope.Enter();
        (string name, PyObjectHandle matrix) = LeasedObjects.Bind("__import__('numpy').zeros((3, 4))");
        using (matrix)
        {
            using (PyBufferLease lease = PyBufferLease.EnterWritable(matrix))
            {
                Span<double> values = lease.AsSpan<double>();
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = i * 0.5;
                }

                PyRun.EvalToString($"float({name}[2, 3])").ShouldBe("5.5");
                PyRun.EvalToString($"float({name}.sum())").ShouldBe("33.0");
                PyRun.Exec($"{name}[0, 1] = -1.0"); // and numpy's writes are seen by the span
                values[1].ShouldBe(-1.0);
            }
        }

        LeasedObjects.Forget(name);
    }

    [NumpyFact]
    public void A_read_only_numpy_array_refuses_a_writable_lease()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle frozen = PyRun.Eval("(lambda a: (a.setflags(write=False), a)[1])(__import__('numpy').ones(4))");

        PythonException e = Should.Throw<PythonException>(() => PyBufferLease.EnterWritable(frozen).Dispose());
        e.PythonTypeName.ShouldBe("ValueError"); // numpy's own error for this request
        e.PythonMessage.ShouldContain("read-only");
        using PyBufferLease lease = PyBufferLease.Enter(frozen);
        lease.IsReadOnly.ShouldBeTrue();
        lease.AsReadOnlySpan<double>().ToArray().ShouldBe([1.0, 1.0, 1.0, 1.0]);
    }

    [NumpyFact]
    public void A_transposed_array_is_refused_for_spans_and_read_through_its_strides()
    {
        using GilScope gil = GilScope.Enter();
        (string name, PyObjectHandle transposed) = LeasedObjects.Bind("__import__('numpy').arange(12, dtype=__import__('numpy').float64).reshape(3, 4).T");
        using (transposed)
        {
            using PyBufferLease lease = PyBufferLease.Enter(transposed);

            lease.Shape.ToArray().ShouldBe([4, 3]);
            lease.Strides.ToArray().ShouldBe([8, 32]);
            lease.IsContiguous.ShouldBeFalse();
            LeaseAssert.Throws<InvalidOperationException>(lease, l => _ = l.AsReadOnlySpan<double>()).Message.ShouldContain("not C-contiguous");
            lease.ReadItem<double>(1, 2).ShouldBe(9.0); // transposed[1, 2] == original[2, 1]

            byte[] copy = new byte[lease.Length];
            lease.CopyTo(copy);
            using PyObjectHandle expected = PyRun.Eval($"{name}.tobytes()"); // numpy's own C-order copy
            copy.ShouldBe(PyObjects.ReadBytes(expected));
        }

        LeasedObjects.Forget(name);
    }

    [NumpyFact]
    public void A_strided_slice_can_be_written_element_by_element()
    {
        using GilScope gil = GilScope.Enter();
        (string name, PyObjectHandle matrix) = LeasedObjects.Bind("__import__('numpy').zeros((2, 6), dtype=__import__('numpy').int32)");
        using (matrix)
        {
            using (PyObjectHandle slice = PyRun.Eval($"{name}[:, ::3]"))
            using (PyBufferLease lease = PyBufferLease.EnterWritable(slice))
            {
                lease.Format.ShouldBe("i");
                lease.Shape.ToArray().ShouldBe([2, 2]);
                lease.Strides.ToArray().ShouldBe([24, 12]);
                lease.WriteItem(7, 1, 1);
                LeaseAssert.Throws<InvalidOperationException>(lease, l => _ = l.AsSpan<int>());
            }

            PyRun.EvalToString($"{name}.tolist()").ShouldBe("[[0, 0, 0, 0, 0, 0], [0, 0, 0, 7, 0, 0]]");
        }

        LeasedObjects.Forget(name);
    }
}
