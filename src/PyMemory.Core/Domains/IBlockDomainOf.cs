namespace PyMemory;

/// <summary>A domain together with the <see cref="NativeBlock"/> type that owns its blocks.</summary>
/// <typeparam name="TBlock">The block type.</typeparam>
internal interface IBlockDomainOf<TBlock> : IBlockDomain
    where TBlock : NativeBlock
{
    /// <summary>A new block that does not own memory yet.</summary>
    static abstract TBlock CreateEmpty();
}
