using System.Numerics;

namespace PyMemory;

/// <summary>How a <see cref="PyMemoryPool"/> pools its blocks: the domain, the size classes, how much it retains, when it
/// trims, what it writes over returned blocks and whether it checks for misuse.</summary>
/// <remarks>Settable, so that configuration binding and <c>IOptions</c> configure lambdas can fill it
/// (<c>services.Configure&lt;PyMemoryPoolOptions&gt;(...)</c>, then <c>new PyMemoryPool(options.Value)</c>); the pool
/// checks and copies it when it is created, so changing it later changes nothing.</remarks>
public sealed class PyMemoryPoolOptions
{
    /// <summary>The smallest size class used when none is given: 64 bytes.</summary>
    public const int DefaultMinimumBlockSize = 64;

    /// <summary>The largest size class used when none is given: 1 MiB.</summary>
    public const int DefaultMaximumBlockSize = 1 << 20;

    /// <summary>The largest <see cref="MaximumBlockSize"/> allowed: 1 GiB.</summary>
    public const int LargestBlockSize = 1 << 30;

    /// <summary>The poison byte used when none is given: 0xDB ("dead block"; CPython's debug hooks use 0xCD, 0xDD and 0xFD).</summary>
    public const byte DefaultPoisonByte = 0xDB;

    /// <summary>The domain whose blocks the pool rents (default RAW, which needs no GIL). MEM and OBJ pools need the GIL to
    /// rent; returning needs it in no domain.</summary>
    public MemoryDomain Domain { get; set; } = MemoryDomain.Raw;

    /// <summary>The smallest size class, a power of two from 16 bytes (default 64): smaller requests get a block of this
    /// size.</summary>
    public int MinimumBlockSize { get; set; } = DefaultMinimumBlockSize;

    /// <summary>The largest size class, a power of two up to <see cref="LargestBlockSize"/> (default 1 MiB). The classes
    /// are the powers of two from <see cref="MinimumBlockSize"/> to this; larger requests get a block of exactly their
    /// size that is freed when returned (still Python memory of <see cref="Domain"/>, never retained).</summary>
    public int MaximumBlockSize { get; set; } = DefaultMaximumBlockSize;

    /// <summary>The most returned blocks each size class keeps for later rents (default 32); 0 retains nothing.</summary>
    public int MaxRetainedPerClass { get; set; } = 32;

    /// <summary>The most bytes each size class keeps in retained blocks (default 1 MiB): a class of
    /// <c>size</c> bytes retains at most <c>min(MaxRetainedPerClass, MaxRetainedBytesPerClass / size)</c> blocks, so with
    /// the defaults the 1 MiB class keeps one block and the whole pool at most about 7 MiB
    /// (<see cref="PyMemoryPool.MaxRetainedBytes"/>).</summary>
    public long MaxRetainedBytesPerClass { get; set; } = 1 << 20;

    /// <summary>When set, the pool checks its size classes every this often and frees the retained blocks of each class
    /// that was not rented from since the previous check (so an idle block is freed after one to two periods). Null
    /// (the default): only <see cref="PyMemoryPool.Trim"/> and disposal free retained blocks.</summary>
    public TimeSpan? IdleTrimAfter { get; set; }

    /// <summary>The clock behind <see cref="IdleTrimAfter"/> (default <see cref="TimeProvider.System"/>; tests pass a fake
    /// one to drive it without sleeping).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>What is written over a block when it is returned (default <see cref="PoolReturnFill.None"/>).</summary>
    public PoolReturnFill ReturnFill { get; set; } = PoolReturnFill.None;

    /// <summary>The byte <see cref="PoolReturnFill.Poison"/> and <see cref="DiagnosticMode"/> write (default
    /// <see cref="DefaultPoisonByte"/>).</summary>
    public byte PoisonByte { get; set; } = DefaultPoisonByte;

    /// <summary>Checks for misuse, at a cost (for tests and debugging): a second return throws
    /// <see cref="InvalidOperationException"/> instead of being ignored; the rent and return call sites are recorded and
    /// named by that exception and by the <see cref="ObjectDisposedException"/> a use after return throws; and returned
    /// blocks are filled (with <see cref="PoisonByte"/> when <see cref="ReturnFill"/> is <see cref="PoolReturnFill.None"/>)
    /// and checked at the next rent, so a write through a stale span or pointer is reported (an
    /// <see cref="InvalidOperationException"/> from that rent, naming the offset and the call sites) and the block is
    /// freed, never handed out.</summary>
    public bool DiagnosticMode { get; set; }

    /// <summary>A copy that later changes to this object do not reach.</summary>
    internal PyMemoryPoolOptions Copy() => (PyMemoryPoolOptions)MemberwiseClone();

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the parameter name is the option's.</exception>
    /// <exception cref="ArgumentNullException"><see cref="TimeProvider"/> is null.</exception>
    internal void Validate()
    {
        if (!Enum.IsDefined(Domain))
        {
            throw new ArgumentOutOfRangeException(nameof(Domain), Domain, "The domain is Raw, Mem or Obj.");
        }

        if (MinimumBlockSize < 16 || !BitOperations.IsPow2(MinimumBlockSize))
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumBlockSize), MinimumBlockSize, "The smallest size class is a power of two of at least 16 bytes.");
        }

        if (MaximumBlockSize < MinimumBlockSize || MaximumBlockSize > LargestBlockSize || !BitOperations.IsPow2(MaximumBlockSize))
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaximumBlockSize),
                MaximumBlockSize,
                $"The largest size class is a power of two from MinimumBlockSize ({MinimumBlockSize}) to {LargestBlockSize} bytes.");
        }

        if (MaxRetainedPerClass < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetainedPerClass), MaxRetainedPerClass, "A size class retains 0 or more blocks.");
        }

        if (MaxRetainedBytesPerClass < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetainedBytesPerClass), MaxRetainedBytesPerClass, "A size class retains 0 or more bytes.");
        }

        if (IdleTrimAfter is { } idle && (idle <= TimeSpan.Zero || idle.TotalMilliseconds > uint.MaxValue - 1))
        {
            throw new ArgumentOutOfRangeException(nameof(IdleTrimAfter), idle, "The idle time is positive and below 49 days, or null for no periodic trim.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        if (!Enum.IsDefined(ReturnFill))
        {
            throw new ArgumentOutOfRangeException(nameof(ReturnFill), ReturnFill, "The fill is None, Zero or Poison.");
        }
    }
}
