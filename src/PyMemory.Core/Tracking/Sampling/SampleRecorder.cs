using PyMemory.Tracking.Native;

namespace PyMemory.Tracking.Sampling;

/// <summary>
/// Receives the native tracker's sampled allocations (a callback on the allocating thread, with the tracker bypassed)
/// and the frees of sampled blocks, and keeps what the reports need.
/// </summary>
internal static unsafe class SampleRecorder
{
    /// <summary>Sets sampling up for a tracker that is starting (the caller holds the tracker's lock).</summary>
    public static void Start(NativeTracker.Exports tracker, MemoryTrackingOptions options) =>
        tracker.pmn_set_sampling(options.SampleInterval, 0, 0);

    /// <summary>Turns sampling off for a tracker that is stopping.</summary>
    public static void Stop(NativeTracker.Exports tracker) => tracker.pmn_set_sampling(0, 0, 0);

    /// <summary>A mark opened: samples taken from now on belong to it.</summary>
    public static void MarkOpened(long markId)
    {
    }

    /// <summary>The mark closed.</summary>
    public static void MarkClosed(long markId)
    {
    }
}
