using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace PyMemory;

/// <summary>
/// A <see cref="MemoryPool{T}"/> of bytes (the abstraction System.IO.Pipelines, sockets and ASP.NET Core rent buffers
/// from) whose buffers are CPython memory of one domain (<see cref="PyMemoryPoolOptions.Domain"/>, RAW by default),
/// pooled per power-of-two size class through Microsoft.Extensions.ObjectPool.
/// </summary>
/// <remarks>
/// <para><b>Renting.</b> <see cref="Rent"/> returns an <see cref="IMemoryOwner{T}"/> whose <see cref="Memory{T}"/> is the
/// whole block of the smallest class that fits (so at least the size asked for), served from the class's retained blocks
/// when it has one, else newly allocated. A request above <see cref="PyMemoryPoolOptions.MaximumBlockSize"/> gets a block of
/// exactly its size, allocated for it and freed at its return. Renting from a MEM or OBJ pool requires the GIL (always,
/// retained block or not, so a missing scope fails on the first rent); a RAW pool rents on any thread.</para>
/// <para><b>Returning.</b> Disposing the owner returns the block, on any thread, with or without the GIL: the block is
/// filled if <see cref="PyMemoryPoolOptions.ReturnFill"/> asks, then retained, or freed when its class is full (a MEM or
/// OBJ block freed without the GIL is queued and freed the next time PyMemory holds it, as every block is). From the
/// return on, the owner's <see cref="Memory{T}"/> (every copy of it) throws <see cref="ObjectDisposedException"/>, so it can
/// never read the next renter's data; spans and pointers taken from it before the return cannot be checked (as with every
/// pool), but <see cref="PyMemoryPoolOptions.DiagnosticMode"/> catches writes through them. Returning twice never
/// retains a block twice: the second return is ignored (diagnostic mode throws).</para>
/// <para><b>Pins and exports.</b> While the memory is pinned (<see cref="Memory{T}.Pin"/>, which is how an export to
/// Python holds it), the block is neither rented to anyone else nor freed, even if the owner is returned or the pool
/// disposed meanwhile: it goes back (or is freed) when the last pin is released.</para>
/// <para><b>Lifetime.</b> <see cref="Trim"/> frees the retained blocks; with <see cref="PyMemoryPoolOptions.IdleTrimAfter"/>
/// the pool also frees, periodically, those of classes nobody rented from. <see cref="MemoryPool{T}.Dispose()"/> frees the
/// retained blocks; blocks still rented stay valid until returned, and are then freed.</para>
/// <para><b>Accounting.</b> The blocks are ordinary PyMemory blocks (<see cref="RawBlock"/>, <see cref="PyMemBlock"/>,
/// <see cref="PyObjectBlock"/>) allocated through CPython's allocator, so the tracker (<c>MemoryTracker</c>) counts them,
/// retained ones included, and its limits and budget scopes apply to the rents that allocate: a refusal is a
/// <see cref="BlockAllocationException"/> from <see cref="Rent"/>. A rent served by a retained block allocates nothing and
/// is charged to no budget scope. <see cref="GetStatistics"/> gives the pool's own figures.</para>
/// <para>Thread-safe: rent and return from any threads.</para>
/// </remarks>
public sealed class PyMemoryPool : MemoryPool<byte>
{
    /// <summary>The size rented for <c>Rent(-1)</c> (<see cref="MemoryPool{T}"/>'s "default size"): 4 KiB, as
    /// <see cref="MemoryPool{T}.Shared"/> rents, or the largest size class if that is smaller.</summary>
    public const int DefaultRentSize = 4096;

    private readonly PyMemoryPoolOptions _options;
    private readonly PoolSizeClass[] _classes;
    private readonly int _minimumShift;
    private readonly int _maximumBlockSize;
    private readonly bool _needsGil;
    private readonly string _rentName;
    private readonly ITimer? _idleTimer;
    private readonly ConditionalWeakTable<PoolRental, PoolRentalSites>? _sites;
    private long _unpooledRents;
    private long _unpooledReturns;
    private long _unpooledRentedBytes;
    private volatile bool _disposed;

    /// <summary>Creates a pool with the default options: RAW blocks of 64 B to 1 MiB, no fill, no periodic trim.</summary>
    public PyMemoryPool()
        : this(new PyMemoryPoolOptions())
    {
    }

    /// <summary>Creates a pool. The options are checked and copied: changing them later changes nothing.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> (or its <see cref="PyMemoryPoolOptions.TimeProvider"/>) is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the parameter name is the option's.</exception>
    public PyMemoryPool(PyMemoryPoolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options.Copy();
        options.Validate();
        _options = options;
        Domain = options.Domain;
        _needsGil = options.Domain != MemoryDomain.Raw;
        _rentName = $"PyMemoryPool.Rent ({options.Domain.ToString().ToUpperInvariant()} domain)"; // built once: no string per rent
        DiagnosticMode = options.DiagnosticMode;
        _sites = options.DiagnosticMode ? new() : null;
        PoisonByte = options.PoisonByte;
        Fill = options.DiagnosticMode && options.ReturnFill == PoolReturnFill.None ? PoolReturnFill.Poison : options.ReturnFill;
        _minimumShift = BitOperations.Log2((uint)options.MinimumBlockSize);
        _maximumBlockSize = options.MaximumBlockSize;
        _classes = new PoolSizeClass[BitOperations.Log2((uint)options.MaximumBlockSize) - _minimumShift + 1];
        for (int i = 0; i < _classes.Length; i++)
        {
            int size = options.MinimumBlockSize << i;
            int retained = (int)Math.Min(options.MaxRetainedPerClass, options.MaxRetainedBytesPerClass / size);
            _classes[i] = new PoolSizeClass(this, size, retained);
            MaxRetainedBytes += (long)retained * size;
        }

        if (options.IdleTrimAfter is { } idle)
        {
            // A weak reference: the timer must not keep an abandoned pool alive (its blocks' finalizers free them).
            _idleTimer = options.TimeProvider.CreateTimer(static state => TrimIdle((WeakReference<PyMemoryPool>)state!), new WeakReference<PyMemoryPool>(this), idle, idle);
        }
    }

    /// <summary>The domain of the pool's blocks.</summary>
    public MemoryDomain Domain { get; }

    /// <summary>The largest buffer <see cref="Rent"/> gives: <see cref="int.MaxValue"/> bytes (requests above the largest
    /// size class are served unpooled).</summary>
    public override int MaxBufferSize => int.MaxValue;

    /// <summary>The most bytes the pool retains in all: each class's cap times its size, summed.</summary>
    public long MaxRetainedBytes { get; }

    /// <summary>A copy of the options the pool was created with.</summary>
    public PyMemoryPoolOptions Options => _options.Copy();

    internal bool DiagnosticMode { get; }

    /// <summary>The fill written at return: the option, or poison in diagnostic mode when the option is none.</summary>
    internal PoolReturnFill Fill { get; }

    internal byte PoisonByte { get; }

    internal bool IsDisposed => _disposed;

    /// <summary>Rents a block of at least <paramref name="minBufferSize"/> bytes; dispose the owner to return it.</summary>
    /// <param name="minBufferSize">The fewest bytes needed; -1 for <see cref="DefaultRentSize"/>.</param>
    /// <returns>The owner of the block. Its <see cref="IMemoryOwner{T}.Memory"/> is the whole block (the size class's
    /// size, or exactly <paramref name="minBufferSize"/> above the largest class).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minBufferSize"/> is below -1.</exception>
    /// <exception cref="ObjectDisposedException">The pool was disposed.</exception>
    /// <exception cref="GilRequiredException">A MEM or OBJ pool, and this thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="BlockAllocationException">A new block was needed and the allocator returned NULL (a
    /// <c>MemoryLimits</c> hard limit or a <c>MemoryBudgetScope</c> may have refused it).</exception>
    /// <exception cref="InvalidOperationException">Diagnostic mode: the retained block found for this rent was written
    /// after its last return (the message names where it was rented and returned); it is freed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_needsGil)
        {
            _ = Gil.Require(_rentName);
        }

        // One unsigned compare: -1 and every size above the largest class go the other way.
        if ((uint)minBufferSize <= (uint)_maximumBlockSize)
        {
            return _classes[ClassIndex(minBufferSize)].Rent();
        }

        return RentOther(minBufferSize);
    }

    /// <summary>Frees every retained block now (blocks rented stay rented).</summary>
    /// <returns>The bytes freed.</returns>
    public long Trim()
    {
        long freed = 0;
        foreach (PoolSizeClass sizeClass in _classes)
        {
            freed += sizeClass.Trim();
        }

        return freed;
    }

    /// <summary>The pool's figures now: per size class and in all.</summary>
    /// <returns>The snapshot.</returns>
    public PyMemoryPoolStatistics GetStatistics()
    {
        var classes = new PoolSizeClassStatistics[_classes.Length];
        for (int i = 0; i < classes.Length; i++)
        {
            classes[i] = _classes[i].Statistics();
        }

        long returns = Volatile.Read(ref _unpooledReturns);
        long rents = Volatile.Read(ref _unpooledRents);
        return new PyMemoryPoolStatistics(Domain, classes, rents, Math.Max(0, rents - returns), Volatile.Read(ref _unpooledRentedBytes));
    }

    /// <summary>A new block of the pool's domain.</summary>
    /// <exception cref="BlockAllocationException">The allocator returned NULL.</exception>
    internal NativeBlock Allocate(int byteCount) => Domain switch
    {
        MemoryDomain.Raw => RawBlock.Allocate(byteCount),
        MemoryDomain.Mem => PyMemBlock.Allocate(byteCount),
        _ => PyObjectBlock.Allocate(byteCount),
    };

    /// <summary>Diagnostic mode only: where a rental was rented and returned, kept beside the rental (for as long as it
    /// lives) rather than in it, so that the rental of every other mode stays two fields.</summary>
    /// <exception cref="InvalidOperationException">The pool is not in diagnostic mode.</exception>
    internal PoolRentalSites SitesOf(PoolRental rental) =>
        (_sites ?? throw new InvalidOperationException("Call sites are recorded in diagnostic mode only.")).GetValue(rental, static _ => new PoolRentalSites());

    /// <summary>Frees a returned unpooled block.</summary>
    internal void ReturnUnpooled(PooledBlock block)
    {
        Interlocked.Add(ref _unpooledRentedBytes, -block.Length);
        Interlocked.Increment(ref _unpooledReturns);
        block.Dispose();
    }

    /// <summary>Frees the retained blocks and stops the idle trim. Blocks still rented are freed when returned.</summary>
    /// <param name="disposing">True from <see cref="MemoryPool{T}.Dispose()"/>.</param>
    protected override void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _idleTimer?.Dispose();
        foreach (PoolSizeClass sizeClass in _classes)
        {
            sizeClass.Dispose();
        }
    }

    private static void TrimIdle(WeakReference<PyMemoryPool> reference)
    {
        if (!reference.TryGetTarget(out PyMemoryPool? pool) || pool._disposed)
        {
            return;
        }

        foreach (PoolSizeClass sizeClass in pool._classes)
        {
            if (!sizeClass.TakeUsed())
            {
                _ = sizeClass.Trim();
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ClassIndex(int size) =>
        size <= (1 << _minimumShift) ? 0 : BitOperations.Log2((uint)size - 1) + 1 - _minimumShift;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private IMemoryOwner<byte> RentOther(int minBufferSize)
    {
        if (minBufferSize == -1)
        {
            return Rent(Math.Min(DefaultRentSize, _maximumBlockSize));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(minBufferSize, -1);

        // Larger than every class: a block of its own, freed at its return.
        var block = new PooledBlock(Allocate(minBufferSize), this, sizeClass: null, minBufferSize);
        Interlocked.Increment(ref _unpooledRents);
        Interlocked.Add(ref _unpooledRentedBytes, minBufferSize);
        var rental = new PoolRental(block);
        if (DiagnosticMode)
        {
            SitesOf(rental).RentSite = PoolCallSite.Capture();
        }

        return rental;
    }
}
