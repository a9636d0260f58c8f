using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace PyMemory;

/// <summary>
/// One rent of a <see cref="PyMemoryPool"/>: the <see cref="IMemoryOwner{T}"/> handed out, and the
/// <see cref="MemoryManager{T}"/> behind its <see cref="Memory{T}"/>. Disposing it returns the block; from then on this
/// rental's Memory throws <see cref="ObjectDisposedException"/>, whoever holds a copy of it.
/// </summary>
/// <remarks>
/// <para>A new rental per rent (one small object, as ArrayMemoryPool makes one per rent): a <see cref="Memory{T}"/>
/// holds nothing but its manager, an index and a length, so only a manager that is never reused can tell that a copy
/// kept from an earlier rent is stale. The block under it (<see cref="PooledBlock"/>) is what the pool reuses.</para>
/// <para>One state word, updated atomically, holds the returned flag (the sign bit) and the number of live pins: the
/// return and the last unpin that follows it agree on exactly one of them handing the block back, so a block is never
/// offered to the pool twice, and never while pinned (a pin is how an export to Python keeps the memory, see
/// <see cref="Pin"/>).</para>
/// </remarks>
internal sealed unsafe class PoolRental : MemoryManager<byte>, IDisposable, IPinSource
{
    private const int Returned = int.MinValue;

    // Two fields (32 bytes with the object header, the rent's one allocation): the pool is the block's, and the call
    // sites of diagnostic mode live in the pool's side table, not here.
    private readonly PooledBlock _block;
    private int _state;

    public PoolRental(PooledBlock block)
    {
        _block = block;
    }

    /// <exception cref="ObjectDisposedException">The rental was returned.</exception>
    public override Memory<byte> Memory
    {
        get
        {
            ThrowIfReturned();
            return CreateMemory(_block.Length);
        }
    }

    /// <exception cref="ObjectDisposedException">The rental was returned.</exception>
    public override Span<byte> GetSpan()
    {
        ThrowIfReturned();
        return new Span<byte>((void*)_block.Pointer, _block.Length);
    }

    /// <summary>Pins the memory: until the returned handle is disposed, the block is neither rented to anyone else nor
    /// freed, even if this rental is returned meanwhile (the block then goes back when the last pin is gone).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="elementIndex"/> is outside the memory.</exception>
    /// <exception cref="ObjectDisposedException">The rental was returned.</exception>
    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)elementIndex, (uint)_block.Length, nameof(elementIndex));
        int state = Volatile.Read(ref _state);
        while (true)
        {
            if (state < 0)
            {
                ThrowReturned();
            }

            int seen = Interlocked.CompareExchange(ref _state, state + 1, state);
            if (seen == state)
            {
                break;
            }

            state = seen;
        }

        return new MemoryHandle((byte*)_block.Pointer + elementIndex, default, new PinToken(this));
    }

    /// <summary>Does nothing: each pin's <see cref="MemoryHandle"/> unpins itself, once, however many copies of it are
    /// disposed. An Unpin called on the manager itself has no pin to release (and releasing one it did not take could
    /// hand the block to another renter while its pinner still uses it).</summary>
    public override void Unpin()
    {
    }

    /// <summary>Releases one pin (from its <see cref="PinToken"/>); the last one after the return hands the block back.</summary>
    public void ReleasePin()
    {
        if (Interlocked.Decrement(ref _state) == Returned)
        {
            HandBack();
        }
    }

    /// <summary>What disposing the <see cref="IMemoryOwner{T}"/> calls: <see cref="MemoryManager{T}"/>'s own implementation also
    /// calls <see cref="GC.SuppressFinalize"/>, a call into the runtime on every return for a class that has no finalizer.</summary>
    void IDisposable.Dispose() => Dispose(disposing: true);

    /// <summary>Returns the block (at once, or when the last pin is gone). A second return does nothing, or throws in
    /// diagnostic mode.</summary>
    /// <exception cref="InvalidOperationException">Diagnostic mode: the rental was already returned.</exception>
    protected override void Dispose(bool disposing)
    {
        PyMemoryPool pool = _block.Pool;
        if (pool.DiagnosticMode)
        {
            // Recorded before the flag is set, so the hand-back (maybe by a concurrent last unpin) finds it.
            pool.SitesOf(this).RecordReturn(PoolCallSite.Capture());
        }

        int previous = Interlocked.Or(ref _state, Returned);
        if (previous < 0)
        {
            if (pool.DiagnosticMode)
            {
                ThrowReturnedTwice();
            }

            return; // never offered twice
        }

        if (previous == 0)
        {
            HandBack();
        }
    }

    private void HandBack()
    {
        PoolSizeClass? sizeClass = _block.SizeClass;
        if (sizeClass is null)
        {
            _block.Pool.ReturnUnpooled(_block);
        }
        else
        {
            sizeClass.Return(_block, _block.Pool.DiagnosticMode ? _block.Pool.SitesOf(this).ReturnSite : null);
        }
    }

    private void ThrowIfReturned()
    {
        if (Volatile.Read(ref _state) < 0)
        {
            ThrowReturned();
        }
    }

    [DoesNotReturn]
    private void ThrowReturned()
    {
        string message = $"This {_block.Length}-byte rental of a PyMemoryPool was returned (disposed); its memory may already belong to another renter. Rent again.";
        if (_block.Pool.DiagnosticMode)
        {
            PoolRentalSites sites = _block.Pool.SitesOf(this);
            message += $"{Environment.NewLine}It was rented at:{Environment.NewLine}{PoolCallSite.Describe(sites.RentSite)}{Environment.NewLine}and returned at:{Environment.NewLine}{PoolCallSite.Describe(sites.ReturnSite)}";
        }

        throw new ObjectDisposedException(nameof(PyMemoryPool), message);
    }

    [DoesNotReturn]
    private void ThrowReturnedTwice()
    {
        PoolRentalSites sites = _block.Pool.SitesOf(this);
        throw new InvalidOperationException(
            $"This {_block.Length}-byte rental of a PyMemoryPool was returned twice (the second return is ignored). It was rented at:{Environment.NewLine}"
            + $"{PoolCallSite.Describe(sites.RentSite)}{Environment.NewLine}and first returned at:{Environment.NewLine}{PoolCallSite.Describe(sites.ReturnSite)}");
    }
}
