namespace PyMemory;

/// <summary>How an owned native resource is given back: a free in its own domain, or a decref.</summary>
internal enum ReleaseKind
{
    Raw = MemoryDomain.Raw,
    Mem = MemoryDomain.Mem,
    Obj = MemoryDomain.Obj,
    DecRef = 3,
}
