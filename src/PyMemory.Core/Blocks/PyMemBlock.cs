namespace PyMemory;

/// <summary>
/// Memory from CPython's MEM domain (<c>PyMem_Malloc</c> family, pymalloc by default): every allocation and resize requires the GIL; disposal without the GIL is queued until PyMemory next holds it.
/// </summary>
[DomainBlock(typeof(MemDomain), MemoryDomain.Mem, "PyMem_")]
public sealed partial class PyMemBlock : NativeBlock
{
    // The members come from PyMemory.Generators (SafeHandleBlockTemplate) with the remarks, the same
    // for all three SafeHandle blocks.
}
