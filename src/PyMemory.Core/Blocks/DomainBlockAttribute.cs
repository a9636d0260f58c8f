using System.Diagnostics;

namespace PyMemory;

/// <summary>
/// Marks a partial block type whose members PyMemory.Generators writes from its family's one template: a SafeHandle
/// block (a class deriving from <see cref="NativeBlock"/>) or a scoped owner (a ref struct over
/// <see cref="ScopedBlockCore{TDomain}"/>). The hand-written part keeps only the type's summary.
/// </summary>
/// <param name="domain">The domain struct (<see cref="RawDomain"/>, <see cref="MemDomain"/>, <see cref="ObjDomain"/>).</param>
/// <param name="memoryDomain">The public domain it stands for.</param>
/// <param name="functionPrefix">The C family's prefix, for the docs: <c>PyMem_Raw</c>, <c>PyMem_</c> or <c>PyObject_</c>.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
[Conditional("PYMEMORY_GENERATOR")] // read by the generator at build time; not kept in the assembly
internal sealed class DomainBlockAttribute(Type domain, MemoryDomain memoryDomain, string functionPrefix) : Attribute
{
    public Type Domain { get; } = domain;

    public MemoryDomain MemoryDomain { get; } = memoryDomain;

    public string FunctionPrefix { get; } = functionPrefix;
}
