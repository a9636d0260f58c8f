using Microsoft.Extensions.Logging;

namespace PyMemory.Logging;

/// <summary>Allocator hooks and replacements (category <c>PyMemory.Allocators</c>, event ids 100 to 199; the table is in
/// docs/hosting.md).</summary>
internal static partial class AllocatorLog
{
    [LoggerMessage(EventId = 100, EventName = "HookInstalled", Level = LogLevel.Debug,
        Message = "Installed allocator hook {Hook} on {Domains}")]
    public static partial void HookInstalled(this ILogger logger, string hook, string domains);

    [LoggerMessage(EventId = 101, EventName = "HookRemoved", Level = LogLevel.Debug,
        Message = "Removed allocator hook {Hook} from {Domains}")]
    public static partial void HookRemoved(this ILogger logger, string hook, string domains);

    [LoggerMessage(EventId = 102, EventName = "RemovedExternally", Level = LogLevel.Warning,
        Message = "{Subject} was already out of the {Domain} allocator chain, taken out by someone else (tracemalloc.stop() restores the allocators it saved): it saw no calls there since, and the domain was left as it was")]
    public static partial void RemovedExternally(this ILogger logger, string subject, MemoryDomain domain);

    [LoggerMessage(EventId = 103, EventName = "RemovalRefused", Level = LogLevel.Warning,
        Message = "{Subject} was not removed, nothing was changed: {Reason}")]
    public static partial void RemovalRefused(this ILogger logger, string subject, string reason);

    [LoggerMessage(EventId = 104, EventName = "AllocatorReplaced", Level = LogLevel.Information,
        Message = "Replaced CPython's {Domain} allocator before the interpreter started (context 0x{Context:x})")]
    public static partial void AllocatorReplaced(this ILogger logger, MemoryDomain domain, nint context);
}
