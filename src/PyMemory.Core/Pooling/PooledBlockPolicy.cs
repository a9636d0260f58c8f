using Microsoft.Extensions.ObjectPool;

namespace PyMemory;

/// <summary>
/// How the ObjectPool of one size class makes and keeps blocks: a miss allocates a block of the class's size in the pool's
/// domain; a returned block is kept unless the class retains nothing or the pool is disposed. How many are kept is the
/// ObjectPool's own <c>maximumRetained</c>; the refused ones the ObjectPool disposes (its DisposableObjectPool does, for
/// disposable items), which frees them.
/// </summary>
/// <remarks>A <see cref="PooledObjectPolicy{T}"/>, not just the interface: DefaultObjectPool calls the class without an
/// interface dispatch.</remarks>
internal sealed class PooledBlockPolicy(PoolSizeClass sizeClass) : PooledObjectPolicy<PooledBlock>
{
    [ThreadStatic]
    private static bool t_draining;

    /// <summary>True on the thread that is draining a class: its Get, once the pool is empty, must end the loop instead of
    /// allocating a block.</summary>
    public static bool Draining
    {
        get => t_draining;
        set => t_draining = value;
    }

    /// <inheritdoc />
    public override PooledBlock Create() => t_draining ? PooledBlock.Sentinel : sizeClass.CreateBlock();

    /// <inheritdoc />
    public override bool Return(PooledBlock obj) => sizeClass.Retains;
}
