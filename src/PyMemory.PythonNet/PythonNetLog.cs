using Microsoft.Extensions.Logging;
using PyMemory.Interop;

namespace PyMemory.PythonNet;

/// <summary>The pythonnet bridge (category <c>PyMemory.PythonNet</c>, event ids 400 to 499; the table is in
/// docs/hosting.md). Logged only at start, shutdown and process exit.</summary>
internal static partial class PythonNetLog
{
    /// <summary>The bridge's category.</summary>
    public const string Category = "PyMemory.PythonNet";

    [LoggerMessage(EventId = 400, EventName = "PythonNetStarted", Level = LogLevel.Information,
        Message = "pythonnet {PythonNetVersion} started on Python {PythonVersion} ({Library}), next to PyMemory")]
    public static partial void PythonNetStarted(this ILogger logger, string pythonNetVersion, PythonVersion pythonVersion, string library);

    [LoggerMessage(EventId = 401, EventName = "PythonNetUnsupported", Level = LogLevel.Warning,
        Message = "pythonnet {PythonNetVersion} does not support Python {PythonVersion} (it has no {TypeOffsetClass}): Python runs through PyMemory only, without pythonnet's engine")]
    public static partial void PythonNetUnsupported(this ILogger logger, string pythonNetVersion, PythonVersion pythonVersion, string typeOffsetClass);

    [LoggerMessage(EventId = 402, EventName = "PythonNetAlreadyStarted", Level = LogLevel.Information,
        Message = "pythonnet's engine was already initialized by the caller; PyMemory attached to its interpreter (the caller owns both shutdowns)")]
    public static partial void PythonNetAlreadyStarted(this ILogger logger);

    [LoggerMessage(EventId = 403, EventName = "PythonNetStartFailed", Level = LogLevel.Error,
        Message = "PythonEngine.Initialize failed on Python {PythonVersion}; the GIL it left held was released: {GilReleased}")]
    public static partial void PythonNetStartFailed(this ILogger logger, Exception exception, PythonVersion pythonVersion, bool gilReleased);

    [LoggerMessage(EventId = 410, EventName = "PythonNetShutDown", Level = LogLevel.Information,
        Message = "pythonnet's engine was shut down ({ElapsedMilliseconds} ms)")]
    public static partial void PythonNetShutDown(this ILogger logger, long elapsedMilliseconds);

    [LoggerMessage(EventId = 411, EventName = "FinalizationLeftToOwner", Level = LogLevel.Information,
        Message = "The interpreter was started on managed thread {ThreadId}, which finalizes it (PyMemory.Hosting's interpreter thread when the host stops): PythonNetBridge.Shutdown left it running")]
    public static partial void FinalizationLeftToOwner(this ILogger logger, int threadId);

    [LoggerMessage(EventId = 420, EventName = "ExitShutdown", Level = LogLevel.Debug,
        Message = "Process exit with pythonnet's engine still initialized: it was shut down ({ElapsedMilliseconds} ms)")]
    public static partial void ExitShutdown(this ILogger logger, long elapsedMilliseconds);

    [LoggerMessage(EventId = 421, EventName = "ExitShutdownSkipped", Level = LogLevel.Warning,
        Message = "Process exit with pythonnet's engine still initialized: not shut down, {Reason}; pythonnet's shutdown handlers did not run")]
    public static partial void ExitShutdownSkipped(this ILogger logger, string reason);

    [LoggerMessage(EventId = 422, EventName = "ExitShutdownFailed", Level = LogLevel.Warning,
        Message = "Process exit with pythonnet's engine still initialized: its shutdown threw")]
    public static partial void ExitShutdownFailed(this ILogger logger, Exception exception);
}
