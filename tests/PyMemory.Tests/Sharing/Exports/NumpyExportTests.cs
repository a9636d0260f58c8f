using System.Runtime.InteropServices;
using PyMemory.Tests.Objects;

namespace PyMemory.Tests.Sharing.Exports;

/// <summary>numpy over exported blocks (Debian's 3.11 only, see <see cref="NumpyFactAttribute"/>): the same memory
/// (same address, writes seen both ways), the right dtype and shape for typed exports, and the array keeping the
/// memory alive after the block is disposed (the hazard of numpy #9562, frombuffer over a closed mmap). Nothing here is
/// timed: the benchmarks do that.</summary>
[Collection(UsesPython.Name)]
public class NumpyExportTests
{
    [NumpyFact]
    public void Frombuffer_reads_the_block_at_its_address_and_writes_go_both_ways()
    {
        using GilScope gil = GilScope.Enter();
        using RawBlock block = RawBlock.AllocateZeroed(16, sizeof(int));
        string name = ExportedNames.Give(PythonBuffer.ExportWritable(block));
        PyRun.Exec($"import numpy\n{name}_array = numpy.frombuffer({name}, dtype=numpy.int32)");

        MainModule.EvalInt64($"{name}_array.__array_interface__['data'][0]").ShouldBe((long)block.DangerousGetHandle());
        PyRun.EvalToString($"({name}_array.shape, {name}_array.flags.writeable, {name}_array.flags.owndata)").ShouldBe("((16,), True, False)");

        block.AsSpan<int>()[3] = 123456; // .NET writes, numpy reads
        MainModule.EvalInt64($"int({name}_array[3])").ShouldBe(123456);
        PyRun.Exec($"{name}_array[5:8] = [7, 8, 9]"); // numpy writes, .NET reads
        block.AsSpan<int>()[5..8].ToArray().ShouldBe([7, 8, 9]);
        PyRun.Exec($"del {name}_array, {name}");
    }

    [NumpyFact]
    public void A_read_only_export_gives_a_read_only_array()
    {
        using GilScope gil = GilScope.Enter();
        using RawBlock block = RawBlock.Allocate(8);
        string name = ExportedNames.Give(PythonBuffer.Export(block));
        PyRun.Exec($"""
            import numpy
            {name}_array = numpy.frombuffer({name}, dtype=numpy.uint8)
            try:
                {name}_array[0] = 1
                {name}_outcome = 'written'
            except ValueError as e:
                {name}_outcome = str(e)
            """);

        PyRun.EvalToString($"{name}_array.flags.writeable").ShouldBe("False");
        PyRun.EvalToString($"{name}_outcome").ShouldContain("read-only");
        PyRun.Exec($"del {name}_array, {name}, {name}_outcome");
    }

    [NumpyFact]
    public void A_typed_export_becomes_an_array_of_its_dtype_and_shape_without_a_copy()
    {
        using GilScope gil = GilScope.Enter();
        using PyMemBlock block = PyMemBlock.Allocate(2 * 3 * sizeof(float));
        float[] values = [0f, 1f, 2f, 10f, 11f, 12f];
        MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(block.Span);
        string name = ExportedNames.Give(PythonBuffer.ExportWritable<float>(block, [2, 3]));
        PyRun.Exec($"import numpy\n{name}_array = numpy.asarray({name})");

        PyRun.EvalToString($"(str({name}_array.dtype), {name}_array.shape, {name}_array.strides, {name}_array.flags.c_contiguous)")
            .ShouldBe("('float32', (2, 3), (12, 4), True)");
        MainModule.EvalInt64($"{name}_array.__array_interface__['data'][0]").ShouldBe((long)block.DangerousGetHandle());
        PyRun.EvalToString($"{name}_array.sum(axis=1).tolist()").ShouldBe("[3.0, 33.0]");
        PyRun.Exec($"{name}_array *= 2");
        block.AsSpan<float>().ToArray().ShouldBe([0f, 2f, 4f, 20f, 22f, 24f]);
        PyRun.Exec($"del {name}_array, {name}");
    }

    [NumpyFact]
    public void An_array_keeps_the_memory_of_a_disposed_block_until_numpy_lets_it_go()
    {
        using GilScope gil = GilScope.Enter();
        PyObjectBlock block = PyObjectBlock.Allocate(1 << 20);
        block.Span.Fill(3);
        string name = ExportedNames.Give(PythonBuffer.Export(block));
        PyRun.Exec($"import numpy\n{name}_array = numpy.frombuffer({name}, dtype=numpy.uint8)[1024:]\ndel {name}");

        block.Dispose(); // numpy still holds a view: the free is deferred
        block.IsClosed.ShouldBeFalse();
        MainModule.EvalInt64($"int({name}_array.sum())").ShouldBe(3L * ((1 << 20) - 1024));

        PyRun.Exec($"del {name}_array");
        block.IsClosed.ShouldBeTrue();
    }
}
