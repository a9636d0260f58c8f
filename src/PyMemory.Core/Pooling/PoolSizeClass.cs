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
/// <remarks>The fast path (a rent served by a retained block, and its return) counts without an interlocked operation:
/// each block counts its own rents and returns (<see cref="PooledBlock.Rents"/>), which only its one renter of the moment
/// writes. The class keeps the list of its live blocks (retained or rented) and, under a lock taken only on the slow
/// paths (a miss, a free) and by <see cref="Statistics"/>, the counts of the blocks it freed; rented and retained blocks
/// and hits are derived when the statistics are read. Two interlocked operations per rent and return were a quarter of
/// a 64-byte rent's time.</remarks>
internal sealed class PoolSizeClass : IDisposable
{
    private readonly ObjectPool<PooledBlock> _pool;
    private readonly Lock _blocksGate = new();
    private readonly List<PooledBlock> _liveBlocks = [];
    private long _freedRents; // the counts of the blocks freed, taken from them as they leave _liveBlocks
    private long _freedReturns;
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

        block.Rents++;
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
        block.Returns++;
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
        lock (_blocksGate)
        {
            block.LiveIndex = _liveBlocks.Count;
            _liveBlocks.Add(block);
            _misses++;
        }

        return block;
    }

    /// <summary>Counts a block of this class freed (refused at return, trimmed, discarded or disposed with the pool): its
    /// counts move to the class and it leaves the live list (the last block takes its place).</summary>
    public void CountFree(PooledBlock block)
    {
        lock (_blocksGate)
        {
            int index = block.LiveIndex;
            if (index < 0)
            {
                return;
            }

            _freedRents += block.Rents;
            _freedReturns += block.Returns;
            PooledBlock last = _liveBlocks[^1];
            _liveBlocks[index] = last;
            last.LiveIndex = index;
            _liveBlocks.RemoveAt(_liveBlocks.Count - 1);
            block.LiveIndex = -1;
            _frees++;
        }
    }

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
        lock (_blocksGate)
        {
            // A block's counts may be read while its renter writes them: at worst one rent or return in flight is missed,
            // which the clamps keep from showing as a negative figure.
            long rents = _freedRents;
            long returns = _freedReturns;
            foreach (PooledBlock block in _liveBlocks)
            {
                returns += Volatile.Read(ref block.Returns);
                rents += Volatile.Read(ref block.Rents);
            }

            long rented = Math.Max(0, rents - returns);
            return new PoolSizeClassStatistics(BlockSize, MaxRetained, rented, Math.Max(0, _misses - _frees - rented), Math.Max(0, rents - _misses), _misses);
        }
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
