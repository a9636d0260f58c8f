using PyMemory.Tracking.Native;

namespace PyMemory.Tracking;

/// <summary>
/// A point in time to compare with (<see cref="MemoryTracker.Mark"/>): every block allocated after it, on any thread,
/// is young until it is freed, and <see cref="GetDiff"/> counts the young blocks still alive. Dispose it to stop
/// marking; its last figures stay readable.
/// </summary>
/// <remarks>While a mark is open each allocation also sets one byte in the young map (1 byte per 16 bytes of address
/// range holding young blocks); taking a mark returns that map's memory to the system and makes every block old at
/// once. Costs are in docs/tracking.md.</remarks>
public sealed unsafe partial class MemoryMark : IDisposable
{
    private readonly long _id;
    private int _disposed;

    internal MemoryMark(long id) => _id = id;

    /// <summary>The native tracker's id of this mark.</summary>
    internal long Id => _id;

    /// <summary>True until disposed.</summary>
    public bool IsOpen => Volatile.Read(ref _disposed) == 0;

    /// <summary>What was allocated after the mark and is still alive, per domain (as of disposal, once disposed).</summary>
    /// <returns>The figures.</returns>
    /// <exception cref="InvalidOperationException">A newer mark was taken after this one was disposed, so its figures
    /// are gone.</exception>
    public MemoryDiff GetDiff()
    {
        PmnAccount account;
        if (NativeTracker.Api.pmn_mark_read(_id, &account) != 0)
        {
            throw new InvalidOperationException("This mark's figures are gone: a newer mark was taken after it was disposed.");
        }

        return new MemoryDiff(
            new DomainLiveFigures(account.LiveBytes[0], account.LiveBlocks[0]),
            new DomainLiveFigures(account.LiveBytes[1], account.LiveBlocks[1]),
            new DomainLiveFigures(account.LiveBytes[2], account.LiveBlocks[2]));
    }

    /// <summary>Stops marking; the figures stay as they are now. Disposing twice does nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _ = NativeTracker.Api.pmn_mark_close(_id);
            Sampling.SampleRecorder.MarkClosed(_id);
        }
    }
}
