using PyMemory.Interop;
using PyMemory.Interop.Layouts;

namespace PyMemory.Tests.Allocators;

/// <summary>The allocator layouts Interop states under their C names match CPython's headers (64-bit).</summary>
[Collection(UsesPython.Name)]
public class AllocatorLayoutTests
{
    [Fact]
    public void PyMemAllocatorEx_has_the_header_offsets_and_size()
    {
        int[] offsets = [PyMemAllocatorExLayout.ctx, PyMemAllocatorExLayout.malloc, PyMemAllocatorExLayout.calloc, PyMemAllocatorExLayout.realloc, PyMemAllocatorExLayout.free];

        offsets.ShouldBe([0, 8, 16, 24, 32]);
        PyMemAllocatorExLayout.Size.ShouldBe(40);
    }

    [Fact]
    public void The_debug_hooks_context_has_its_api_id_first_and_the_wrapped_allocator_after_it()
    {
        DebugAllocApiLayout.api_id.ShouldBe(0);
        DebugAllocApiLayout.alloc.ShouldBe(8);
        DebugAllocApiLayout.ApiId(PyMemAllocatorDomain.Raw).ShouldBe((byte)'r');
        DebugAllocApiLayout.ApiId(PyMemAllocatorDomain.Mem).ShouldBe((byte)'m');
        DebugAllocApiLayout.ApiId(PyMemAllocatorDomain.Obj).ShouldBe((byte)'o');
        Should.Throw<ArgumentOutOfRangeException>(() => DebugAllocApiLayout.ApiId((PyMemAllocatorDomain)3));
    }
}
