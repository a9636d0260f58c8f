using Microsoft.Extensions.Logging;

namespace PyMemory.Hosting;

/// <summary>The hosted service's events (category <c>PyMemory.Hosting</c>, event ids 300 to 399; the table is in
/// docs/hosting.md). Core's own events (start, shutdown, refusals) are logged by Core in their categories.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 300, EventName = "Starting", Level = LogLevel.Debug,
        Message = "Starting Python on the PyMemory interpreter thread (managed thread {ThreadId})")]
    public static partial void Starting(this ILogger logger, int threadId);

    [LoggerMessage(EventId = 301, EventName = "AttachedToOtherHost", Level = LogLevel.Information,
        Message = "Python was already running, started by another host in this process (pythonnet); the host uses it and never finalizes it")]
    public static partial void AttachedToOtherHost(this ILogger logger);

    [LoggerMessage(EventId = 306, EventName = "StartedBeforeHost", Level = LogLevel.Warning,
        Message = "Python was started before the host, on managed thread {ThreadId}: the host uses it but cannot shut it down (Shutdown must run on that thread, which owns it). Use Python only once the host has started, or await PyMemoryHostedRuntime.Started")]
    public static partial void StartedBeforeHost(this ILogger logger, int threadId);

    [LoggerMessage(EventId = 302, EventName = "StartFailed", Level = LogLevel.Error,
        Message = "Python could not be started, so the host does not start")]
    public static partial void StartFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 303, EventName = "WaitingForScopes", Level = LogLevel.Warning,
        Message = "Waiting for {Threads} thread(s) to leave their GilScope before finalizing Python (at most until the host's shutdown timeout)")]
    public static partial void WaitingForScopes(this ILogger logger, int threads);

    [LoggerMessage(EventId = 304, EventName = "ShutdownAbandoned", Level = LogLevel.Error,
        Message = "The host's shutdown timeout expired with {Threads} thread(s) still inside a GilScope: Python was not finalized and stays running until the process exits (its atexit handlers do not run)")]
    public static partial void ShutdownAbandoned(this ILogger logger, int threads);

    [LoggerMessage(EventId = 305, EventName = "Stopped", Level = LogLevel.Information,
        Message = "PyMemory's hosted service stopped: {Outcome}")]
    public static partial void Stopped(this ILogger logger, string outcome);
}
