namespace PyMemory.Generators;

/// <summary>One type marked with Core's <c>[DomainBlock]</c>: what the templates need to write its members.
/// A record, so that the incremental generator can tell an unchanged target from a changed one.</summary>
/// <param name="TypeName">The block type, e.g. <c>RawBlock</c> or <c>ScopedRawBlock</c>.</param>
/// <param name="IsScoped">True for a scoped owner (a ref struct), false for a SafeHandle block.</param>
/// <param name="DomainStruct">The domain struct, e.g. <c>RawDomain</c>.</param>
/// <param name="DomainMember">The <c>MemoryDomain</c> member: <c>Raw</c>, <c>Mem</c> or <c>Obj</c>.</param>
/// <param name="FunctionPrefix">The C family's prefix: <c>PyMem_Raw</c>, <c>PyMem_</c> or <c>PyObject_</c>.</param>
internal sealed record BlockTarget(string TypeName, bool IsScoped, string DomainStruct, string DomainMember, string FunctionPrefix)
{
    /// <summary>Every domain but RAW needs the GIL for allocation.</summary>
    public bool RequiresGil => DomainMember != "Raw";

    public string Malloc => FunctionPrefix + "Malloc";

    public string Calloc => FunctionPrefix + "Calloc";
}
