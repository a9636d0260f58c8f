namespace PyMemory;

/// <summary>
/// Memory from CPython's OBJ domain (<c>PyObject_Malloc</c> family, the allocator behind Python objects): every allocation and resize requires the GIL; disposal without the GIL is queued until PyMemory next holds it.
/// </summary>
[DomainBlock(typeof(ObjDomain), MemoryDomain.Obj, "PyObject_")]
public sealed partial class PyObjectBlock : NativeBlock
{
    // The members come from PyMemory.Generators (SafeHandleBlockTemplate) with the remarks, the same
    // for all three SafeHandle blocks.
}
