namespace PyMemory.Tests.Sharing.Leases;

[Collection(UsesPython.Name)]
public class BytesFromSpanTests
{
    [Fact]
    public void FromByteArray_creates_a_bytearray_holding_a_copy()
    {
        using GilScope gil = GilScope.Enter();
        byte[] data = [0, 1, 2, 255];
        using PyObjectHandle array = PyObjects.FromByteArray(data);
        using PyObjectHandle empty = PyObjects.FromByteArray([]);
        data[0] = 9; // a copy: the bytearray keeps what it was given

        array.TypeName.ShouldBe("bytearray");
        array.ToString().ShouldBe("bytearray(b'\\x00\\x01\\x02\\xff')");
        empty.ToString().ShouldBe("bytearray(b'')");
    }

    [Fact]
    public unsafe void FromBytes_and_FromByteArray_copy_once_with_no_managed_array_in_between()
    {
        using GilScope gil = GilScope.Enter();
        byte* native = (byte*)System.Runtime.InteropServices.NativeMemory.Alloc(1 << 20);
        try
        {
            var source = new ReadOnlySpan<byte>(native, 1 << 20);
            new Span<byte>(native, 1 << 20).Fill(0x5A);
            PyObjects.FromBytes(source).Dispose(); // warm up (JIT)
            PyObjects.FromByteArray(source).Dispose();

            long before = GC.GetAllocatedBytesForCurrentThread();
            using PyObjectHandle bytes = PyObjects.FromBytes(source);
            using PyObjectHandle array = PyObjects.FromByteArray(source);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            allocated.ShouldBeLessThan(1024); // two handles; a managed copy of 1 MiB would show here
            using PyBufferLease fromBytes = PyBufferLease.Enter(bytes);
            using PyBufferLease fromArray = PyBufferLease.Enter(array);
            fromBytes.AsReadOnlySpan().SequenceEqual(source).ShouldBeTrue();
            fromArray.AsReadOnlySpan().SequenceEqual(source).ShouldBeTrue();
        }
        finally
        {
            System.Runtime.InteropServices.NativeMemory.Free(native);
        }
    }

    [Fact]
    public void FromByteArray_needs_the_GIL()
    {
        FreshThread.Catch(() => PyObjects.FromByteArray("x"u8).Dispose()).ShouldBeOfType<GilRequiredException>();
    }
}
