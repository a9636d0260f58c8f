using PyMemory.Tracking.Sampling;

namespace PyMemory.Tracking;

public static partial class MemoryTracker
{
    /// <summary>The most distinct code objects sampling keeps alive (one reference each) until
    /// <see cref="ResetSamples"/> or <see cref="Stop"/>. Frames of further code objects are still counted, with file and
    /// function <c>&lt;unknown&gt;</c> (<see cref="GetSamplingHealth"/> counts them).</summary>
    public const int MaxSampledCodeObjects = SampleRecorder.MaxCodeObjects;

    /// <summary>How sampling itself is doing: samples it could not record, frames without their code object, code
    /// objects held. No GIL needed.</summary>
    /// <returns>The counts since the process started (failures, drops, uncoded frames) and now (held code objects).</returns>
    public static SamplingHealth GetSamplingHealth() =>
        new(SampleRecorder.Failures, SampleRecorder.Dropped, SampleRecorder.UncodedFrames, SampleRecorder.HeldCodeObjects);

    /// <summary>
    /// The allocation sites with the most estimated bytes (live, or allocated in total), from the sampled allocations
    /// since the tracker started or the samples were last reset. File and function names are read now, under the GIL
    /// (taken here if this thread does not hold it).
    /// </summary>
    /// <param name="order">What to rank by.</param>
    /// <param name="count">How many sites at most.</param>
    /// <returns>The sites, largest first; empty when nothing was sampled.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not defined, or
    /// <paramref name="count"/> is zero or negative.</exception>
    /// <exception cref="InvalidOperationException">The tracker is not running, or runs without sampling
    /// (<see cref="MemoryTrackingOptions.SampleInterval"/> 0, the managed engine, or after
    /// <see cref="PythonRuntime.Shutdown"/> began); or the GIL cannot be taken on this thread (inside
    /// <see cref="GilScope.AllowThreads"/>).</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static IReadOnlyList<AllocationSite> GetTopSites(AllocationSiteOrder order, int count = 10)
    {
        if (order is not (AllocationSiteOrder.LiveBytes or AllocationSiteOrder.AllocatedBytes))
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, "Not a site order.");
        }

        return TopSites(order, count, markId: 0);
    }

    /// <summary>Forgets every sample (the sites start again from nothing) and releases the code objects sampling held;
    /// sampling goes on. Frees of blocks sampled before are then ignored.</summary>
    /// <exception cref="InvalidOperationException">The tracker is not running, or runs with sampling off; or the GIL
    /// cannot be taken on this thread (inside <see cref="GilScope.AllowThreads"/>).</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static void ResetSamples()
    {
        RequireSampling();
        using GilScope gil = GilScope.Enter();
        RequireSampling();
        SampleRecorder.Reset();
    }

    /// <summary>The top sites, for the whole run (<paramref name="markId"/> 0) or for one mark.</summary>
    internal static IReadOnlyList<AllocationSite> TopSites(AllocationSiteOrder order, int count, long markId)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        RequireSampling();
        using GilScope gil = GilScope.Enter();
        RequireSampling(); // Stop may have run while this thread waited for the GIL
        return SampleRecorder.TopSites(order, count, markId);
    }

    private static void RequireSampling()
    {
        if (!IsRunning)
        {
            throw new InvalidOperationException("An allocation site report needs the tracker running: call MemoryTracker.Start (or set PythonRuntimeOptions.Tracking) first.");
        }

        if (!SampleRecorder.IsActive)
        {
            throw new InvalidOperationException("Sampling is off: start the tracker with MemoryTrackingOptions.SampleInterval above 0 (the default is 512 KiB). Only the native engine samples; sampling also stops when PythonRuntime.Shutdown begins.");
        }
    }
}
