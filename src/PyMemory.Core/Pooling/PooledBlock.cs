namespace PyMemory;

/// <summary>
/// One block of a <see cref="PyMemoryPool"/>: what its <see cref="PoolSizeClass"/>'s ObjectPool holds while the block is
/// retained, and what a <see cref="PoolRental"/> lends out while it is rented. The memory is a <see cref="NativeBlock"/>
/// of the pool's domain, so it is freed by the domain's own rule (at once, or queued for the GIL), counted among the
/// live blocks, and freed by its finalizer should a pool be dropped undisposed.
/// </summary>
/// <remarks>The slot outlives its rentals: each rent makes a new <see cref="PoolRental"/> over it, so that a
/// <see cref="Memory{T}"/> of an earlier rental can never reach it again.</remarks>
internal sealed class PooledBlock : IDisposable
{
    private NativeBlock? _block;

    /// <summary>Creates the slot for a block of exactly <paramref name="length"/> bytes.</summary>
    /// <param name="block">The block; the slot owns it.</param>
    /// <param name="pool">The pool it belongs to.</param>
    /// <param name="sizeClass">The class it belongs to, or null for an unpooled block (larger than every class).</param>
    /// <param name="length">Its size.</param>
    public PooledBlock(NativeBlock block, PyMemoryPool pool, PoolSizeClass? sizeClass, int length)
    {
        _block = block;
        Pool = pool;
        Pointer = block.DangerousGetHandle();
        SizeClass = sizeClass;
        Length = length;
    }

    private PooledBlock()
    {
        Pool = null!; // the sentinel is never rented, so nothing asks for its pool
    }

    /// <summary>What the ObjectPool hands out, on the thread that drains a class (<see cref="PoolSizeClass.Trim"/>),
    /// instead of creating a block once it is empty: it owns nothing and is never rented.</summary>
    public static PooledBlock Sentinel { get; } = new();

    /// <summary>The address of the block: fixed, since a pooled block is never resized.</summary>
    public nint Pointer { get; }

    /// <summary>The pool the block belongs to (its rentals find their pool here, so that a rental stays small).</summary>
    public PyMemoryPool Pool { get; }

    /// <summary>The size of the block in bytes.</summary>
    public int Length { get; }

    /// <summary>The class it belongs to; null for an unpooled block.</summary>
    public PoolSizeClass? SizeClass { get; }

    /// <summary>Set when the pool filled the block at its return (diagnostic mode), so the next rent checks the fill.</summary>
    public bool Filled { get; set; }

    /// <summary>Where the last rental of the block was rented (diagnostic mode).</summary>
    public string? LastRentSite { get; set; }

    /// <summary>Where the last rental of the block was returned (diagnostic mode).</summary>
    public string? LastReturnSite { get; set; }

    /// <summary>How many times the block was rented. Written by the one renter at a time, with no interlocked
    /// operation (the ObjectPool's hand-over orders one renter's writes before the next one's); read, possibly a
    /// little stale, by <see cref="PoolSizeClass.Statistics"/>.</summary>
    public long Rents;

    /// <summary>How many of those rents were handed back, written like <see cref="Rents"/>.</summary>
    public long Returns;

    /// <summary>The block's place in its class's list of live blocks, so that it leaves the list in one step when freed.</summary>
    public int LiveIndex = -1;

    /// <summary>The block as a span.</summary>
    public unsafe Span<byte> Span => new((void*)Pointer, Length);

    /// <summary>Frees the block by its domain's rule (without the GIL, a MEM or OBJ block is queued for the next time
    /// PyMemory holds it); at most once.</summary>
    public void Dispose()
    {
        NativeBlock? block = Interlocked.Exchange(ref _block, null);
        if (block is not null)
        {
            block.Dispose();
            SizeClass?.CountFree(this);
        }
    }
}
