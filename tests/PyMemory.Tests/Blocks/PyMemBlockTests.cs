using PyMemory.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace PyMemory.Tests.Blocks;

public class PyMemBlockTests
{
    public PyMemBlockTests() => TestPython.Ensure();

    [Fact]
    public void Allocate_on_a_thread_without_the_gil_throws_GilRequiredException()
    {
        // On 3.12+ the native call would crash the process: getting an exception proves the check ran first.
        Exception? e = TestBlocks.OnThreadWithoutGil(() => PyMemBlock.Allocate(64));

        e.ShouldBeOfType<GilRequiredException>().FunctionName.ShouldBe("PyMem_Malloc");
    }

    [Fact]
    public void Every_allocating_call_without_the_gil_throws_GilRequiredException()
    {
        PyMemBlock block;
        using (GilScope.Enter())
        {
            block = PyMemBlock.Allocate(64);
        }

        TestBlocks.OnThreadWithoutGil(() => PyMemBlock.AllocateZeroed(4, 4)).ShouldBeOfType<GilRequiredException>().FunctionName.ShouldBe("PyMem_Calloc");
        TestBlocks.OnThreadWithoutGil(() => PyMemBlock.TryAllocate(4, out _)).ShouldBeOfType<GilRequiredException>();
        TestBlocks.OnThreadWithoutGil(() => PyMemBlock.TryAllocateZeroed(4, 4, out _)).ShouldBeOfType<GilRequiredException>();
        TestBlocks.OnThreadWithoutGil(() => block.Resize(128)).ShouldBeOfType<GilRequiredException>().FunctionName.ShouldBe("PyMem_Realloc");
        TestBlocks.OnThreadWithoutGil(() => block.TryResize(128)).ShouldBeOfType<GilRequiredException>();

        using (GilScope.Enter())
        {
            block.Length.ShouldBe(64); // the refused resize changed nothing
            block.Dispose();
        }
    }

    [Fact]
    public void Allocate_while_AllowThreads_released_the_gil_throws_GilRequiredException()
    {
        using GilScope gil = GilScope.Enter();
        using (GilScope.AllowThreads())
        {
            Should.Throw<GilRequiredException>(() => PyMemBlock.Allocate(8));
        }

        using PyMemBlock block = PyMemBlock.Allocate(8); // and works again once the GIL is back
        block.Length.ShouldBe(8);
    }

    [Fact]
    public void Views_and_copies_need_no_gil()
    {
        PyMemBlock block;
        using (GilScope.Enter())
        {
            block = PyMemBlock.Allocate(16);
        }

        // Reading and writing the memory is plain .NET work; only allocator calls need the GIL.
        TestBlocks.OnThreadWithoutGil(() =>
        {
            block.CopyFrom(new byte[16]);
            block.Span[3] = 42;
            block.ToArray()[3].ShouldBe((byte)42);
        }).ShouldBeNull();

        using (GilScope.Enter())
        {
            block.Dispose();
        }
    }

    [Fact]
    public void Dispose_under_the_gil_frees_at_once()
    {
        using GilScope gil = GilScope.Enter();
        var blocks = Enumerable.Range(0, 200).Select(_ => PyMemBlock.Allocate(24)).ToList();
        long before = long.Parse(PyRun.EvalToString("__import__('sys').getallocatedblocks()"), System.Globalization.CultureInfo.InvariantCulture);

        blocks.ForEach(b => b.Dispose());

        // Other test classes allocate Python objects concurrently, so allow for noise well below the 200 freed.
        long after = long.Parse(PyRun.EvalToString("__import__('sys').getallocatedblocks()"), System.Globalization.CultureInfo.InvariantCulture);
        (before - after).ShouldBeGreaterThan(100, $"before {before}, after {after}");
    }
}
