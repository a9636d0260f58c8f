using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using PyMemory.Logging;

namespace PyMemory.Tests.Logging;

/// <summary>Points PyMemory's process-wide loggers at a FakeLogger collector for one test (through
/// PythonRuntime.Initialize, as an application would), and back to nothing when disposed.</summary>
internal sealed class LogCapture : IDisposable
{
    private readonly ILoggerFactory _factory;

    public LogCapture(LogLevel minimum = LogLevel.Trace)
    {
        _factory = LoggerFactory.Create(builder => builder.SetMinimumLevel(minimum).AddProvider(new FakeLoggerProvider(Collector)));
        PythonRuntime.Initialize(new PythonRuntimeOptions { LoggerFactory = _factory });
    }

    public FakeLogCollector Collector { get; } = new();

    public IReadOnlyList<FakeLogRecord> Records => Collector.GetSnapshot();

    /// <summary>The one record with this event id.</summary>
    public FakeLogRecord Single(int eventId) =>
        Records.Where(r => r.Id.Id == eventId).ShouldHaveSingleItem(string.Join('\n', Records.Select(r => $"{r.Id.Id} {r.Category} {r.Message}")));

    public void Dispose()
    {
        PyMemoryLoggers.Use(NullLoggerFactory.Instance);
        _factory.Dispose();
    }
}
