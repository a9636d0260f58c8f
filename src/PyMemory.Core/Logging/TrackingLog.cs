using Microsoft.Extensions.Logging;

namespace PyMemory.Logging;

/// <summary>The memory tracker, its limits and budget scopes (category <c>PyMemory.Tracking</c>, event ids 200 to 299;
/// the table is in docs/hosting.md). Logged only on .NET threads outside the allocator: starting and stopping, the soft
/// limit's watcher thread, and a budget scope's Dispose.</summary>
internal static partial class TrackingLog
{
    [LoggerMessage(EventId = 200, EventName = "TrackerStarted", Level = LogLevel.Information,
        Message = "Memory tracker started ({Engine} engine, sample interval {SampleInterval} bytes, peak resolution {PeakResolution} bytes, limits {Limits})")]
    public static partial void TrackerStarted(this ILogger logger, string engine, long sampleInterval, long peakResolution, string limits);

    [LoggerMessage(EventId = 201, EventName = "TrackerStopped", Level = LogLevel.Information,
        Message = "Memory tracker stopped; its figures stay readable")]
    public static partial void TrackerStopped(this ILogger logger);

    [LoggerMessage(EventId = 202, EventName = "LimitsChanged", Level = LogLevel.Information,
        Message = "Memory limits set to {Limits}")]
    public static partial void LimitsChanged(this ILogger logger, string limits);

    [LoggerMessage(EventId = 203, EventName = "SoftLimitExceeded", Level = LogLevel.Warning,
        Message = "Python's live memory, {LiveBytes} bytes, crossed the soft limit of {SoftLimitBytes} bytes")]
    public static partial void SoftLimitExceeded(this ILogger logger, long liveBytes, long softLimitBytes);

    [LoggerMessage(EventId = 204, EventName = "BudgetRejected", Level = LogLevel.Warning,
        Message = "A memory budget of {LimitBytes} bytes refused {Rejections} allocation(s) (Python raised MemoryError); {LiveBytes} bytes were still charged to it when it ended")]
    public static partial void BudgetRejected(this ILogger logger, long limitBytes, long rejections, long liveBytes);

    [LoggerMessage(EventId = 205, EventName = "TrackerRemovedExternally", Level = LogLevel.Warning,
        Message = "The memory tracker was already out of the allocator chain when it stopped, taken out by someone else (tracemalloc.stop() restores the allocators it saved): its figures stopped changing then")]
    public static partial void TrackerRemovedExternally(this ILogger logger);

    [LoggerMessage(EventId = 206, EventName = "TrackerStopRefused", Level = LogLevel.Warning,
        Message = "The memory tracker was not stopped, nothing was changed: {Reason}")]
    public static partial void TrackerStopRefused(this ILogger logger, string reason);
}
