using Microsoft.Extensions.Logging;

namespace PyMemory.ChildHost;

/// <summary>
/// Core's log events in a process of its own (start, shutdown and its refusals need a fresh interpreter): initializes
/// with a logger factory that prints every entry as a log= line, then refuses a shutdown on another thread, stops the
/// tracker, and shuts down. Tests compare the lines with the events table of docs/hosting.md.
/// </summary>
internal sealed class LoggingEventsScenario : IChildScenario
{
    public string Name => "logging-events";

    public int Run(string[] args)
    {
        Watchdog.Start(TimeSpan.FromSeconds(60));
        using ILoggerFactory factory = LineLoggerProvider.CreateFactory(LogLevel.Debug);
        PythonRuntime.Initialize(new PythonRuntimeOptions
        {
            LibraryPath = TestLibrary.Path,
            LoggerFactory = factory,
            Tracking = new Tracking.MemoryTrackingOptions { SampleInterval = 0 },
        });

        var other = new Thread(() =>
        {
            try
            {
                PythonRuntime.Shutdown();
            }
            catch (InvalidOperationException)
            {
                Console.WriteLine("refused-on-other-thread=true");
            }
        });
        other.Start();
        other.Join();

        Tracking.MemoryTracker.Stop();
        Console.WriteLine("shutdown=" + PythonRuntime.Shutdown());
        return 0;
    }
}
