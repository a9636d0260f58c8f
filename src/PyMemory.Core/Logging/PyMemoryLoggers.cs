using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PyMemory.Logging;

/// <summary>
/// The loggers PyMemory writes to, one per category, created from <see cref="PythonRuntimeOptions.LoggerFactory"/> when
/// <see cref="PythonRuntime.Initialize"/> is given one (null loggers until then). Read with a plain volatile load, and
/// only on slow paths: start, shutdown, installing and removing hooks, starting and stopping the tracker, limit and
/// budget events on .NET threads. Never from an allocator function or the GIL's and blocks' fast paths.
/// </summary>
internal static class PyMemoryLoggers
{
    /// <summary>Category of discovery, start, attach and shutdown.</summary>
    public const string RuntimeCategory = "PyMemory.Runtime";

    /// <summary>Category of allocator hooks and replacements.</summary>
    public const string AllocatorsCategory = "PyMemory.Allocators";

    /// <summary>Category of the memory tracker, its limits and budget scopes.</summary>
    public const string TrackingCategory = "PyMemory.Tracking";

    private static volatile ILogger s_runtime = NullLogger.Instance;
    private static volatile ILogger s_allocators = NullLogger.Instance;
    private static volatile ILogger s_tracking = NullLogger.Instance;

    public static ILogger Runtime => s_runtime;

    public static ILogger Allocators => s_allocators;

    public static ILogger Tracking => s_tracking;

    /// <summary>Logs through <paramref name="factory"/> from now on; null keeps the loggers in use (so an implicit
    /// initialization with default options does not silence a host's logging).</summary>
    public static void Use(ILoggerFactory? factory)
    {
        if (factory == null)
        {
            return;
        }

        s_runtime = factory.CreateLogger(RuntimeCategory);
        s_allocators = factory.CreateLogger(AllocatorsCategory);
        s_tracking = factory.CreateLogger(TrackingCategory);
    }
}
