using PyMemory.Allocators;

namespace PyMemory.Benchmarks.Allocators;

/// <summary>The cheapest C# hook: every call goes straight to the wrapped allocator (the base class's defaults).
/// Measures PyMemory's own cost per allocation: the native-to-managed transition and the hook lookup.</summary>
public sealed class PassThroughHook : AllocatorHook
{
}
