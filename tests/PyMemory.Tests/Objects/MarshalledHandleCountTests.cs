using System.Runtime.InteropServices;
using PyMemory.Diagnostics;
using PyMemory.Tests.Blocks;

namespace PyMemory.Tests.Objects;

/// <summary>
/// <see cref="LiveHandles"/> with a <see cref="PyObjectHandle"/> that P/Invoke marshalling filled (what its public
/// constructor is for): the marshaller sets the handle without PyMemory seeing it, so its release must not be
/// subtracted from a count it was never added to.
/// </summary>
[Collection(SerialCountTests.Name)]
public class MarshalledHandleCountTests
{
    public MarshalledHandleCountTests()
    {
        SerialCountTests.Settle();
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate PyObjectHandle NewLongFunction(nint value);

    [Fact]
    public void A_handle_returned_by_PInvoke_marshalling_never_drives_the_count_below_the_handles_counted()
    {
        using GilScope gil = GilScope.Enter();
        NewLongFunction newLong = Marshal.GetDelegateForFunctionPointer<NewLongFunction>(
            NativeLibrary.GetExport(NativeLibrary.Load(TestPython.LibraryUnderTest), "PyLong_FromSsize_t"));
        LiveHandleCounts before = LiveHandles.Snapshot();

        using (PyObjectHandle marshalled = newLong(123_456_789))
        {
            marshalled.IsInvalid.ShouldBeFalse();
            PyObjects.ReadInt64(marshalled).ShouldBe(123_456_789);
        }

        LiveHandles.Snapshot().ShouldBe(before);
    }

    [Fact]
    public void A_marshalled_handle_left_to_the_finalizer_leaves_the_count_as_it_was()
    {
        NewLongFunction newLong = Marshal.GetDelegateForFunctionPointer<NewLongFunction>(
            NativeLibrary.GetExport(NativeLibrary.Load(TestPython.LibraryUnderTest), "PyLong_FromSsize_t"));
        LiveHandleCounts before = LiveHandles.Snapshot();

        DropMarshalled(newLong);
        SerialCountTests.Settle();
        using (GilScope.Enter())
        {
            // The finalizer queued the Py_DecRef (no GIL there); entering frees it.
        }

        LiveHandles.Snapshot().ShouldBe(before);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void DropMarshalled(NewLongFunction newLong)
    {
        using GilScope gil = GilScope.Enter();
        _ = newLong(42_000_001);
    }
}
