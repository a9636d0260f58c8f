namespace PyMemory;

/// <summary>
/// A short-lived MEM-domain block (<c>PyMem_Malloc</c>); allocating requires the GIL. Owned by one method: <c>using var buffer = ScopedPyMemBlock.Allocate(256);</c>. Costs no
/// handle object and no finalizer; the same argument and GIL checks as <see cref="PyMemBlock"/>.
/// </summary>
[DomainBlock(typeof(MemDomain), MemoryDomain.Mem, "PyMem_")]
public ref partial struct ScopedPyMemBlock
{
    // The members and the remarks come from PyMemory.Generators (ScopedBlockTemplate), the same for all three owners.
}
