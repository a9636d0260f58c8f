namespace PyMemory.Generators;

/// <summary>The doc comments of the four factories of one type, each ready to stand above its member.</summary>
/// <param name="Allocate">Above Allocate.</param>
/// <param name="AllocateZeroed">Above AllocateZeroed.</param>
/// <param name="TryAllocate">Above TryAllocate.</param>
/// <param name="TryAllocateZeroed">Above TryAllocateZeroed.</param>
internal sealed record FactoryDocSet(string Allocate, string AllocateZeroed, string TryAllocate, string TryAllocateZeroed);
