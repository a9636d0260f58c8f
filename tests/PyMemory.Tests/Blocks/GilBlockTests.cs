namespace PyMemory.Tests.Blocks;

/// <summary>The GIL rule of the MEM and OBJ blocks (<see cref="PyMemBlock"/>, <see cref="PyObjectBlock"/>); each test
/// runs in both domains.</summary>
[Collection(UsesPython.Name)]
public class GilBlockTests
{
    [Theory]
    [MemberData(nameof(TestBlocks.GilDomains), MemberType = typeof(TestBlocks))]
    public void Allocate_on_a_thread_without_the_gil_throws_GilRequiredException(MemoryDomain domain)
    {
        // On 3.12+ the native call would crash the process: getting an exception proves the check ran first.
        Exception? e = FreshThread.Catch(() => TestBlocks.Allocate(domain, 64));

        e.ShouldBeOfType<GilRequiredException>().FunctionName.ShouldBe(TestBlocks.FunctionName(domain, "Malloc"));
    }

    [Theory]
    [MemberData(nameof(TestBlocks.GilDomains), MemberType = typeof(TestBlocks))]
    public void Every_allocating_call_without_the_gil_throws_GilRequiredException(MemoryDomain domain)
    {
        NativeBlock block = TestBlocks.AllocateUnderGil(domain, 64);

        FreshThread.Catch(() => TestBlocks.AllocateZeroed(domain, 4, 4)).ShouldBeOfType<GilRequiredException>().FunctionName.ShouldBe(TestBlocks.FunctionName(domain, "Calloc"));
        FreshThread.Catch(() => TestBlocks.TryAllocate(domain, 4, out _)).ShouldBeOfType<GilRequiredException>();
        FreshThread.Catch(() => TestBlocks.TryAllocateZeroed(domain, 4, 4, out _)).ShouldBeOfType<GilRequiredException>();
        FreshThread.Catch(() => block.Resize(128)).ShouldBeOfType<GilRequiredException>().FunctionName.ShouldBe(TestBlocks.FunctionName(domain, "Realloc"));
        FreshThread.Catch(() => block.TryResize(128)).ShouldBeOfType<GilRequiredException>();

        using (GilScope.Enter())
        {
            block.Length.ShouldBe(64); // the refused resize changed nothing
            block.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(TestBlocks.GilDomains), MemberType = typeof(TestBlocks))]
    public void Allocate_while_AllowThreads_released_the_gil_throws_GilRequiredException(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        using (GilScope.AllowThreads())
        {
            Should.Throw<GilRequiredException>(() => TestBlocks.Allocate(domain, 8));
        }

        using NativeBlock block = TestBlocks.Allocate(domain, 8); // and works again once the GIL is back
        block.Length.ShouldBe(8);
    }

    [Theory]
    [MemberData(nameof(TestBlocks.GilDomains), MemberType = typeof(TestBlocks))]
    public void Views_and_copies_need_no_gil(MemoryDomain domain)
    {
        NativeBlock block = TestBlocks.AllocateUnderGil(domain, 16);

        // Reading and writing the memory is plain .NET work; only allocator calls need the GIL.
        FreshThread.Catch(() =>
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

    [Theory]
    [MemberData(nameof(TestBlocks.GilDomains), MemberType = typeof(TestBlocks))]
    public void Dispose_under_the_gil_frees_at_once(MemoryDomain domain)
    {
        using GilScope gil = GilScope.Enter();
        var blocks = Enumerable.Range(0, 200).Select(_ => TestBlocks.Allocate(domain, 24)).ToList();
        long before = long.Parse(PyRun.EvalToString("__import__('sys').getallocatedblocks()"), System.Globalization.CultureInfo.InvariantCulture);

        blocks.ForEach(b => b.Dispose());

        // Other test classes allocate Python objects concurrently, so allow for noise well below the 200 freed.
        long after = long.Parse(PyRun.EvalToString("__import__('sys').getallocatedblocks()"), System.Globalization.CultureInfo.InvariantCulture);
        (before - after).ShouldBeGreaterThan(100, $"before {before}, after {after}");
    }
}
