using PyMemory.Allocators;

namespace PyMemory.ChildHost;

/// <summary>A hook that only passes calls on (the defaults).</summary>
internal sealed class PassThroughHook : AllocatorHook
{
}
