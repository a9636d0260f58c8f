using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PyMemory.ChildHost;

/// <summary>
/// Writes every log entry to standard output at once, as one line <c>log=Level|EventId|Category|Message</c>, so that
/// tests read PyMemory's log lines like the scenarios' other <c>key=value</c> lines (the console logger writes on a
/// background thread and in several lines, which a test could miss at exit).
/// </summary>
internal sealed class LineLoggerProvider : ILoggerProvider
{
    private static readonly Lock Output = new();
    private readonly ConcurrentDictionary<string, Logger> _loggers = new(StringComparer.Ordinal);

    /// <summary>A factory that logs everything from <paramref name="minimum"/> up through this provider.</summary>
    public static ILoggerFactory CreateFactory(LogLevel minimum = LogLevel.Debug) =>
        LoggerFactory.Create(builder => builder.SetMinimumLevel(minimum).AddProvider(new LineLoggerProvider()));

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, name => new Logger(name));

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string message = formatter(state, exception).ReplaceLineEndings(" ");
            if (exception != null)
            {
                message += " | " + exception.GetType().Name + ": " + exception.Message.ReplaceLineEndings(" ");
            }

            lock (Output)
            {
                Console.WriteLine($"log={logLevel}|{eventId.Id}|{category}|{message}");
                Console.Out.Flush();
            }
        }
    }
}
