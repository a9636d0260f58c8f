using System.Globalization;
using System.Runtime.InteropServices;
using PyMemory.Diagnostics;
using PyMemory.Tests.Allocators;

namespace PyMemory.Tests.Diagnostics;

/// <summary>tracemalloc.start() installs allocator hooks of its own, so this shares the hooks' serial collection.</summary>
[Collection(SerialAllocatorTests.Name)]
public class PythonTraceMallocTests
{
    private static readonly string SdkTraces =
        "sum(t.size for t in tracemalloc.take_snapshot().filter_traces([tracemalloc.DomainFilter(True, "
        + PythonTraceMalloc.SdkDomain.ToString(CultureInfo.InvariantCulture) + ")]).traces)";

    [Fact]
    public unsafe void A_tracked_block_shows_in_a_snapshot_with_its_size_until_untracked()
    {
        using GilScope gil = GilScope.Enter();
        void* block = NativeMemory.Alloc(12_345);
        try
        {
            PyRun.Exec("import tracemalloc; tracemalloc.start()");
            try
            {
                PyRun.EvalToString(SdkTraces).ShouldBe("0");
                PythonTraceMalloc.TryTrack((nint)block, 12_345).ShouldBeTrue();
                PyRun.EvalToString(SdkTraces).ShouldBe("12345");
                PyRun.EvalToString("sum(t.size for t in tracemalloc.take_snapshot().filter_traces([tracemalloc.DomainFilter(True, 0)]).traces) != 12345")
                    .ShouldBe("True");
                PythonTraceMalloc.TryUntrack((nint)block).ShouldBeTrue();
                PyRun.EvalToString(SdkTraces).ShouldBe("0");
            }
            finally
            {
                PyRun.Exec("tracemalloc.stop()");
            }

            PythonTraceMalloc.TryTrack((nint)block, 12_345).ShouldBeFalse();
            PythonTraceMalloc.TryUntrack((nint)block).ShouldBeFalse();
        }
        finally
        {
            NativeMemory.Free(block);
        }
    }

    [Fact]
    public void Tracking_without_tracemalloc_returns_false_and_NULL_is_rejected()
    {

        PythonTraceMalloc.TryTrack(0x1000, 16).ShouldBeFalse();
        PythonTraceMalloc.TryUntrack(0x1000).ShouldBeFalse();
        Should.Throw<ArgumentException>(() => PythonTraceMalloc.TryTrack(0, 16));
    }
}
