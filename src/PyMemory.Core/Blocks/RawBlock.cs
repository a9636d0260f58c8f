namespace PyMemory;

/// <summary>
/// Memory from CPython's RAW domain (<c>PyMem_RawMalloc</c> family): no GIL needed, usable and freed on any thread, the finalizer thread included. The right choice for large buffers and work done without the GIL.
/// </summary>
[DomainBlock(typeof(RawDomain), MemoryDomain.Raw, "PyMem_Raw")]
public sealed partial class RawBlock : NativeBlock
{
    // The members come from PyMemory.Generators (SafeHandleBlockTemplate) with the remarks, the same
    // for all three SafeHandle blocks.
}
