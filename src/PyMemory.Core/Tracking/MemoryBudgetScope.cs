using PyMemory.Logging;
using PyMemory.Tracking.Native;

namespace PyMemory.Tracking;

/// <summary>
/// A memory budget for one piece of work on one thread (<see cref="MemoryTracker.BeginBudget"/>): the blocks the thread
/// allocates while the scope is open are charged to it and credited when freed, on whichever thread and whenever. An
/// allocation that would take the charge over <see cref="LimitBytes"/> returns NULL, so Python raises
/// <c>MemoryError</c> and the host keeps running.
/// </summary>
/// <remarks>
/// Scopes belong to the thread that began them and nest (at most 4 deep; an inner allocation is charged to every
/// enclosing scope). Dispose them on that thread, innermost first, so a scope cannot span an <c>await</c>. Charged
/// blocks keep a side-table entry each (about 96 bytes while alive), so allocating inside a scope costs more than
/// outside (docs/tracking.md).
/// </remarks>
public sealed unsafe class MemoryBudgetScope : IDisposable
{
    private readonly long _id;
    private readonly int _threadId = Environment.CurrentManagedThreadId;
    private bool _disposed;

    internal MemoryBudgetScope(long id, long limitBytes)
    {
        _id = id;
        LimitBytes = limitBytes;
    }

    /// <summary>The most live bytes the work may hold.</summary>
    public long LimitBytes { get; }

    /// <summary>Live bytes charged to the scope now (as of disposal, once disposed).</summary>
    public long LiveBytes => Read().Total.Bytes;

    /// <summary>Live bytes and blocks charged, per domain.</summary>
    public MemoryDiff Charges => Read();

    /// <summary>Allocations the scope refused (as of disposal, once disposed).</summary>
    public long Rejections
    {
        get
        {
            PmnAccount account;
            return !_disposed && NativeTracker.Api.pmn_scope_read(_id, &account) == 0 ? account.Rejected : _rejectedAtClose;
        }
    }

    private long _rejectedAtClose;
    private MemoryDiff _chargesAtClose;

    /// <summary>Ends the scope: this thread's allocations are no longer charged to it. Disposing twice does nothing.</summary>
    /// <exception cref="InvalidOperationException">Called on another thread than the one that began the scope, or while
    /// a scope begun after it on this thread is still open.</exception>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        if (Environment.CurrentManagedThreadId != _threadId)
        {
            throw new InvalidOperationException("A MemoryBudgetScope must be disposed on the thread that began it (it charges that thread's allocations).");
        }

        _chargesAtClose = Read();
        _rejectedAtClose = Rejections;
        if (NativeTracker.Api.pmn_scope_close(_id) != 0)
        {
            throw new InvalidOperationException("A budget scope begun after this one on this thread is still open: dispose scopes innermost first.");
        }

        _disposed = true;
        if (_rejectedAtClose > 0)
        {
            // Logged here, on the .NET thread that ends the work: the refusals themselves happened inside the allocator.
            PyMemoryLoggers.Tracking.BudgetRejected(LimitBytes, _rejectedAtClose, _chargesAtClose.Total.Bytes);
        }
    }

    private MemoryDiff Read()
    {
        PmnAccount account;
        if (_disposed || NativeTracker.Api.pmn_scope_read(_id, &account) != 0)
        {
            return _chargesAtClose;
        }

        return new MemoryDiff(
            new DomainLiveFigures(account.LiveBytes[0], account.LiveBlocks[0]),
            new DomainLiveFigures(account.LiveBytes[1], account.LiveBlocks[1]),
            new DomainLiveFigures(account.LiveBytes[2], account.LiveBlocks[2]));
    }
}
