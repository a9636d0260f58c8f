namespace PyMemory;

/// <summary>
/// The bytes of live large blocks, and what of them the .NET GC has been told (<see cref="GC.AddMemoryPressure"/>).
/// The GC hears of changes in steps of at least <see cref="Step"/> bytes, and of the last bytes once no large block is
/// live: the GC counts every report it gets towards its next collection, even reports removed again at once, so a
/// report per block would make a program that disposes its 1 MiB blocks promptly run a full collection every few
/// blocks. Blocks left to the finalizer still add up, step by step, and bring the collection that frees them.
/// </summary>
/// <param name="step">The smallest change reported.</param>
/// <param name="report">Tells the GC of a change: positive adds pressure, negative removes it.</param>
internal sealed class MemoryPressureLedger(long step, Action<long> report)
{
    /// <summary>The step of the process-wide ledger: 8 MiB.</summary>
    public const long DefaultStep = 8 << 20;

    private readonly Lock _lock = new();
    private long _live;
    private long _reported;

    /// <summary>The one ledger of the process, which tells the real GC.</summary>
    public static MemoryPressureLedger Shared { get; } = new(DefaultStep, ReportToGc);

    public long Step => step;

    /// <summary>The bytes of the live large blocks.</summary>
    public long Live => Volatile.Read(ref _live);

    /// <summary>The bytes the GC was told of, in all.</summary>
    public long Reported => Volatile.Read(ref _reported);

    /// <summary>Live large blocks grew (positive) or shrank (negative) by <paramref name="bytes"/>.</summary>
    /// <param name="bytes">The change.</param>
    public void Change(long bytes)
    {
        long live = Interlocked.Add(ref _live, bytes);
        if (NeedsReport(live, live - Volatile.Read(ref _reported)))
        {
            Settle();
        }
    }

    private static void ReportToGc(long bytes)
    {
        if (bytes > 0)
        {
            GC.AddMemoryPressure(bytes);
        }
        else
        {
            GC.RemoveMemoryPressure(-bytes);
        }
    }

    /// <summary>Whether a gap between the live and the reported bytes is worth telling the GC.</summary>
    private bool NeedsReport(long live, long gap) => gap >= step || gap <= -step || (live == 0 && gap != 0);

    /// <summary>Brings the report up to date with the live bytes; under a lock, so that concurrent settlements
    /// neither report a change twice nor lose one.</summary>
    /// <remarks>A <see cref="Change"/> that lands while the report is being made reads the old
    /// <see cref="Reported"/>, may find no gap worth reporting and return: so after writing the report this looks at
    /// the live bytes again, or the last change (a block freed while its allocation was being reported) would stay
    /// reported to the GC for good. Writing with a full fence before that read means either the other thread sees
    /// the new report or this one sees its change.</remarks>
    private void Settle()
    {
        lock (_lock)
        {
            long live = Volatile.Read(ref _live);
            long gap = live - _reported;
            while (gap != 0)
            {
                report(gap);
                Interlocked.Exchange(ref _reported, live);
                live = Volatile.Read(ref _live);
                gap = live - _reported;
                if (!NeedsReport(live, gap))
                {
                    break;
                }
            }
        }
    }
}
