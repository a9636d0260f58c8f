using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PyMemory.ChildHost;

/// <summary>
/// The host stops while a worker thread is still inside a GilScope. Argument "leaves": the worker leaves after a second,
/// and the hosted service, which waited for it, then finalizes Python. Argument "stays": the worker never leaves, and
/// at the host's shutdown timeout (1 s here) the hosted service gives up, leaves Python running, and the host stops
/// without hanging.
/// </summary>
internal sealed class HostingStopWhileInScopeScenario : IChildScenario
{
    public string Name => "hosting-stop-while-in-scope";

    public int Run(string[] args)
    {
        bool leaves = args.Contains("leaves");
        Watchdog.Start(TimeSpan.FromSeconds(60));
        HostApplicationBuilder builder = Host.CreateApplicationBuilder([]);
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Information).AddProvider(new LineLoggerProvider());
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(leaves ? 30 : 1));
        builder.Services.AddPyMemory(options => options.LibraryPath = TestLibrary.Path);
        using IHost host = builder.Build();
        host.StartAsync().GetAwaiter().GetResult();

        using var inside = new ManualResetEventSlim();
        var worker = new Thread(() =>
        {
            using GilScope gil = GilScope.Enter();
            PyRun.Exec("x = 1");
            inside.Set();
            Thread.Sleep(leaves ? TimeSpan.FromSeconds(1) : Timeout.InfiniteTimeSpan);
        })
        { IsBackground = true };
        worker.Start();
        inside.Wait();

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        host.StopAsync().GetAwaiter().GetResult();
        Console.WriteLine("stop-seconds-under-10=" + (stopping.Elapsed < TimeSpan.FromSeconds(10)));
        Console.WriteLine("state-after-stop=" + PythonRuntime.State);
        return 0;
    }
}
