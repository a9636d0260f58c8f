namespace PyMemory;

/// <summary>
/// A short-lived OBJ-domain block (<c>PyObject_Malloc</c>); allocating requires the GIL. Owned by one method: <c>using var buffer = ScopedPyObjectBlock.Allocate(256);</c>. Costs no
/// handle object and no finalizer; the same argument and GIL checks as <see cref="PyObjectBlock"/>.
/// </summary>
[DomainBlock(typeof(ObjDomain), MemoryDomain.Obj, "PyObject_")]
public ref partial struct ScopedPyObjectBlock
{
    // The members and the remarks come from PyMemory.Generators (ScopedBlockTemplate), the same for all three owners.
}
