namespace PyMemory;

/// <summary>
/// A short-lived RAW-domain block (<c>PyMem_RawMalloc</c>), usable without the GIL on any thread. Owned by one method: <c>using var buffer = ScopedRawBlock.Allocate(256);</c>. Costs no
/// handle object and no finalizer; the same argument checks as <see cref="RawBlock"/>.
/// </summary>
[DomainBlock(typeof(RawDomain), MemoryDomain.Raw, "PyMem_Raw")]
public ref partial struct ScopedRawBlock
{
    // The members and the remarks come from PyMemory.Generators (ScopedBlockTemplate), the same for all three owners.
}
