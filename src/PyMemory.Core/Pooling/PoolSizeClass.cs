using System.Runtime.CompilerServices;
using Microsoft.Extensions.ObjectPool;

namespace PyMemory;

/// <summary>
/// One size class of a <see cref="PyMemoryPool"/>: its retained blocks live in an ObjectPool (Microsoft.Extensions.ObjectPool,
/// whose DefaultObjectPool keeps one item in a field and the rest in a ConcurrentQueue, lock-free), made and kept by a
/// <see cref="PooledBlockPolicy"/>. What the ObjectPool does not do is here: counting rents, returns, misses and frees
/// for the statistics, the fill at return, and draining the retained blocks (trimming), which the ObjectPool has no
/// operation for.
/// </summary>
/// <remarks>The counters are four Interlocked operations per rent and return in all (rents, returns), with misses and frees
/// on the slow paths; rented and retained blocks and hits are derived from them when the statistics are read, so the fast
/// path keeps no figure it does not need.</remarks>
internal sealed class PoolSizeClass : IDisposable
{
    private readonly ObjectPool<PooledBlock> _pool;
    private long _rents;
    private long _returns;
    private long _misses;
    private long _frees;
    private bool _used;

    public PoolSizeClass(PyMemoryPool owner, int blockSize, int maxRetained)
    {
        Owner = owner;
        BlockSize = blockSize;
        MaxRetained = maxRetained;

        // The provider builds a DisposableObjectPool for a disposable item: it disposes (frees) what it does not keep, and
        // everything it keeps when disposed. maximumRetained counts the ObjectPool's fast slot; at least 1 is required, and
        // a class that retains nothing refuses every return in the policy instead.
        _pool = new DefaultObjectPoolProvider { MaximumRetained = Math.Max(maxRetained, 1) }.Create(new PooledBlockPolicy(this));
    }

    public PyMemoryPool Owner { get; }

    public int BlockSize { get; }

    public int MaxRetained { get; }

    /// <summary>Whether a returned block is kept (the ObjectPool then keeps it when it has room).</summary>
    public bool Retains => MaxRetained > 0 && !Owner.IsDisposed;

    /// <summary>Rents a block of this class: a retained one when there is one, else a new one.</summary>
    /// <exception cref="BlockAllocationException">The allocator returned NULL (a memory limit or budget scope may have
    /// refused it).</exception>
    /// <exception cref="InvalidOperationException">Diagnostic mode: the retained block was written after its return.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public PoolRental Rent()
    {
        PooledBlock block = _pool.Get();
        string? site = null;
        if (Owner.DiagnosticMode)
        {
            site = PoolCallSite.Capture();
            CheckUntouched(block, site);
        }

        Interlocked.Increment(ref _rents);
        if (!_used)
        {
            _used = true; // read and cleared by the idle trim; written only when it changes, to keep the line shared
        }

        var rental = new PoolRental(block);
        if (site is not null)
        {
            Owner.SitesOf(rental).RentSite = site;
        }

        return rental;
    }

    /// <summary>Takes back a block whose rental was returned and is no longer pinned: fills it when asked, then offers it to
    /// the ObjectPool (which keeps it or disposes it).</summary>
    public void Return(PooledBlock block, string? returnSite)
    {
        Interlocked.Increment(ref _returns);
        switch (Owner.Fill)
        {
            case PoolReturnFill.Zero:
                block.Span.Clear();
                break;
            case PoolReturnFill.Poison:
                block.Span.Fill(Owner.PoisonByte);
                break;
        }

        if (Owner.DiagnosticMode)
        {
            block.Filled = true;
            block.LastReturnSite = returnSite;
        }

        _pool.Return(block);
    }

    /// <summary>The ObjectPool's miss: a new block of this class.</summary>
    /// <exception cref="BlockAllocationException">The allocator returned NULL.</exception>
    public PooledBlock CreateBlock()
    {
        var block = new PooledBlock(Owner.Allocate(BlockSize), Owner, this, BlockSize);
        Interlocked.Increment(ref _misses);
        return block;
    }

    /// <summary>Counts a block of this class freed (refused at return, trimmed, discarded or disposed with the pool).</summary>
    public void CountFree() => Interlocked.Increment(ref _frees);

    /// <summary>Frees every retained block.</summary>
    /// <returns>The bytes freed.</returns>
    public long Trim()
    {
        long freed = 0;
        PooledBlockPolicy.Draining = true; // Get on an empty pool then returns the sentinel instead of allocating
        try
        {
            while (true)
            {
                PooledBlock block = _pool.Get();
                if (ReferenceEquals(block, PooledBlock.Sentinel))
                {
                    break;
                }

                block.Dispose();
                freed += BlockSize;
            }
        }
        catch (ObjectDisposedException)
        {
            // The pool was disposed meanwhile; its disposal frees the rest.
        }
        finally
        {
            PooledBlockPolicy.Draining = false;
        }

        return freed;
    }

    /// <summary>Whether the class was rented from since the last call, clearing the mark.</summary>
    public bool TakeUsed()
    {
        bool used = Volatile.Read(ref _used);
        if (used)
        {
            Volatile.Write(ref _used, false);
        }

        return used;
    }

    public PoolSizeClassStatistics Statistics()
    {
        // Returns and frees first: read before the rents and misses that precede them, they can only make the derived
        // figures a little high while rents are in flight, never negative.
        long returns = Volatile.Read(ref _returns);
        long frees = Volatile.Read(ref _frees);
        long rents = Volatile.Read(ref _rents);
        long misses = Volatile.Read(ref _misses);
        long rented = Math.Max(0, rents - returns);
        return new PoolSizeClassStatistics(BlockSize, MaxRetained, rented, Math.Max(0, misses - frees - rented), Math.Max(0, rents - misses), misses);
    }

    /// <summary>Frees the retained blocks; blocks returned later are freed at their return.</summary>
    public void Dispose() => (_pool as IDisposable)?.Dispose();

    /// <summary>Diagnostic mode: a retained block must still hold the fill written at its return.</summary>
    /// <exception cref="InvalidOperationException">It does not: the block is freed, not rented out.</exception>
    private void CheckUntouched(PooledBlock block, string rentSite)
    {
        if (!block.Filled)
        {
            block.LastRentSite = rentSite;
            return; // a new block
        }

        byte fill = Owner.Fill == PoolReturnFill.Zero ? (byte)0 : Owner.PoisonByte;
        int offset = block.Span.IndexOfAnyExcept(fill);
        if (offset < 0)
        {
            block.Filled = false;
            block.LastRentSite = rentSite;
            return;
        }

        byte found = block.Span[offset];
        string rentedAt = PoolCallSite.Describe(block.LastRentSite);
        string returnedAt = PoolCallSite.Describe(block.LastReturnSite);
        block.Dispose();
        throw new InvalidOperationException(
            $"A {BlockSize}-byte block of this PyMemoryPool was written after it was returned: byte {offset} is 0x{found:X2}, not the fill 0x{fill:X2} "
            + $"written at the return (a span or pointer kept past Dispose?). The block is freed, not rented out again. It was rented at:{Environment.NewLine}{rentedAt}"
            + $"{Environment.NewLine}and returned at:{Environment.NewLine}{returnedAt}");
    }
}
