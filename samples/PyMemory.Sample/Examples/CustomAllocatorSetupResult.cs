using PyMemory.Allocators;

namespace PyMemory.Sample.Examples;

/// <summary>What <see cref="CustomAllocatorSetupExample.Run"/> observed.</summary>
/// <param name="Saved">The MEM allocator before the example changed anything.</param>
/// <param name="After">The MEM allocator after the hook's scope was disposed.</param>
/// <param name="RestoredExactly">True when <paramref name="After"/> equals <paramref name="Saved"/> (all five addresses),
/// and the OBJ allocator equals its saved value too.</param>
/// <param name="DebugHooksActive">Whether CPython's debug hooks were on.</param>
/// <param name="AllocationsSeen">MEM and OBJ allocations the C# hook counted while Python ran.</param>
/// <param name="DescriptionWhileHooked">The allocator description while the hook was installed.</param>
public sealed record CustomAllocatorSetupResult(
    AllocatorFunctions Saved,
    AllocatorFunctions After,
    bool RestoredExactly,
    bool DebugHooksActive,
    long AllocationsSeen,
    string DescriptionWhileHooked);
