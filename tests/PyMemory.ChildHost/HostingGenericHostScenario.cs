using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PyMemory.Hosting;

namespace PyMemory.ChildHost;

/// <summary>
/// A real generic host (Host.CreateApplicationBuilder + AddPyMemory, options from the "PyMemory" configuration section
/// given on the command line): start, Python work on many thread-pool threads at once, stop. Prints the hosted
/// runtime's state and the work's outcome as key=value lines; the log goes to stdout as log= lines.
/// </summary>
internal sealed class HostingGenericHostScenario : IChildScenario
{
    public string Name => "hosting-generic-host";

    public int Run(string[] args)
    {
        Watchdog.Start(TimeSpan.FromSeconds(90));
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(
        [
            "--PyMemory:LibraryPath=" + TestLibrary.Path,
            "--PyMemory:Tracking:SampleInterval=0",
            "--PyMemory:Tracking:Limits:SoftTotalBytes=1099511627776",
        ]);
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddProvider(new LineLoggerProvider());
        builder.Services.AddPyMemory(builder.Configuration.GetSection("PyMemory"));
        using IHost host = builder.Build();
        var runtime = host.Services.GetRequiredService<PyMemoryHostedRuntime>();
        Console.WriteLine("state-before-start=" + PythonRuntime.State);

        host.StartAsync().GetAwaiter().GetResult();
        Console.WriteLine("state-after-start=" + PythonRuntime.State);
        Console.WriteLine("owns-interpreter=" + runtime.OwnsInterpreter);
        Console.WriteLine("interpreter-thread-is-main=" + (runtime.InterpreterThreadId == Environment.CurrentManagedThreadId));
        Console.WriteLine("tracking=" + Tracking.MemoryTracker.IsRunning);
        Console.WriteLine("soft-limit=" + Tracking.MemoryTracker.Limits?.SoftTotalBytes);

        // Work on thread-pool threads, many at once: each takes the GIL through its own scope.
        var threads = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        int wrong = 0;
        Task[] workers = Enumerable.Range(0, 32).Select(worker => Task.Run(() =>
        {
            for (int i = 0; i < 50; i++)
            {
                threads[Environment.CurrentManagedThreadId] = true;
                int n = 100 + worker + i;
                if (HostedPythonWork.Run(n) != HostedPythonWork.Expected(n))
                {
                    Interlocked.Increment(ref wrong);
                }
            }
        })).ToArray();
        Task.WaitAll(workers);
        Console.WriteLine("work=" + (wrong == 0 ? "ok" : wrong + " wrong results"));
        Console.WriteLine("work-items=" + (32 * 50));
        Console.WriteLine("work-threads-many=" + (threads.Count > 1));
        Console.WriteLine("interpreter-thread-did-work=" + threads.ContainsKey(runtime.InterpreterThreadId));

        host.StopAsync().GetAwaiter().GetResult();
        Console.WriteLine("state-after-stop=" + PythonRuntime.State);
        return 0;
    }
}
