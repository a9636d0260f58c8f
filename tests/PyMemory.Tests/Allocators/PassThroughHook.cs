using PyMemory.Allocators;

namespace PyMemory.Tests.Allocators;

/// <summary>Passes every call on unchanged.</summary>
internal sealed class PassThroughHook : AllocatorHook
{
}
