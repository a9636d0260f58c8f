using PyMemory.Allocators;

namespace PyMemory.ChildHost;

/// <summary>
/// The one pass-through hook of the tests, the child scenarios and the benchmarks (linked into those): it overrides
/// nothing, so every call goes straight to the wrapped allocator through PyMemory's native forwarders (or the managed
/// callbacks where there are none). It measures PyMemory's own cost per call and proves a hook changes nothing.
/// </summary>
public sealed class PassThroughHook : AllocatorHook
{
}
