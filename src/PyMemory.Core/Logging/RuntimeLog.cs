using Microsoft.Extensions.Logging;
using PyMemory.Interop;
using PyMemory.Interop.Loading;

namespace PyMemory.Logging;

/// <summary>Discovery, start, attach and shutdown (category <c>PyMemory.Runtime</c>, event ids 1 to 99; the table is in
/// docs/hosting.md: ids are stable, change them only on purpose).</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 1, EventName = "LibraryCandidateRefused", Level = LogLevel.Debug,
        Message = "Python library candidate {Path} ({Rule}) refused: {Reason}")]
    public static partial void LibraryCandidateRefused(this ILogger logger, string path, PythonDiscoveryRule rule, string reason);

    [LoggerMessage(EventId = 2, EventName = "LibraryChosen", Level = LogLevel.Information,
        Message = "Using Python {Version} from {Path} ({Rule}: {Reason})")]
    public static partial void LibraryChosen(this ILogger logger, PythonVersion version, string path, PythonDiscoveryRule rule, string reason);

    [LoggerMessage(EventId = 3, EventName = "NoLibrary", Level = LogLevel.Error,
        Message = "No usable Python library: {CandidateCount} candidate(s) refused (each logged at Debug as event 1)")]
    public static partial void NoLibrary(this ILogger logger, int candidateCount);

    [LoggerMessage(EventId = 4, EventName = "ExecutableChosen", Level = LogLevel.Information,
        Message = "Python's executable (program name): {Executable}; virtual environment: {VirtualEnvironment}")]
    public static partial void ExecutableChosen(this ILogger logger, string executable, string? virtualEnvironment);

    [LoggerMessage(EventId = 13, EventName = "ExtraSysPathNotApplied", Level = LogLevel.Warning,
        Message = "ExtraSysPath was not applied: {Problem}")]
    public static partial void ExtraSysPathNotApplied(this ILogger logger, string problem);

    [LoggerMessage(EventId = 10, EventName = "InterpreterStarted", Level = LogLevel.Information,
        Message = "Started Python {Version} on managed thread {ThreadId}: allocator {Allocator}, debug hooks {DebugHooks}, replaced allocators {ReplacedAllocators}, signal handlers {SignalHandlers}, tracking from the start {Tracking}")]
    public static partial void InterpreterStarted(this ILogger logger, PythonVersion version, int threadId, string allocator, bool debugHooks, int replacedAllocators, bool signalHandlers, bool tracking);

    [LoggerMessage(EventId = 11, EventName = "InterpreterAttached", Level = LogLevel.Information,
        Message = "Attached to the Python {Version} interpreter another host started; PyMemory will never finalize it")]
    public static partial void InterpreterAttached(this ILogger logger, PythonVersion version);

    [LoggerMessage(EventId = 12, EventName = "SigintHandlerNotInstalled", Level = LogLevel.Warning,
        Message = "Could not install Python's SIGINT handler (signal.default_int_handler); Ctrl+C will not raise KeyboardInterrupt")]
    public static partial void SigintHandlerNotInstalled(this ILogger logger);

    [LoggerMessage(EventId = 20, EventName = "InterpreterFinalized", Level = LogLevel.Information,
        Message = "Finalized the Python interpreter in {ElapsedMilliseconds} ms")]
    public static partial void InterpreterFinalized(this ILogger logger, long elapsedMilliseconds);

    [LoggerMessage(EventId = 21, EventName = "ShutdownRefused", Level = LogLevel.Warning,
        Message = "PythonRuntime.Shutdown refused, nothing was changed: {Reason}")]
    public static partial void ShutdownRefused(this ILogger logger, string reason);

    [LoggerMessage(EventId = 22, EventName = "ShutdownLeftAttached", Level = LogLevel.Information,
        Message = "PythonRuntime.Shutdown left the interpreter running: another host started it, and that host finalizes it")]
    public static partial void ShutdownLeftAttached(this ILogger logger);
}
