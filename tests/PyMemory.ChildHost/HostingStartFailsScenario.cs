using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PyMemory.ChildHost;

/// <summary>
/// A generic host whose Python cannot start (a library path that does not exist), run the way a Program.cs runs a host:
/// <c>host.Run()</c>, nothing caught. The host must fail to start with the discovery message and the process must end
/// with a non-zero exit code, not hang (the interpreter thread is a background thread that has ended).
/// </summary>
internal sealed class HostingStartFailsScenario : IChildScenario
{
    public string Name => "hosting-start-fails";

    public int Run(string[] args)
    {
        Watchdog.Start(TimeSpan.FromSeconds(60));
        HostApplicationBuilder builder = Host.CreateApplicationBuilder([]);
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddProvider(new LineLoggerProvider());
        builder.Services.AddPyMemory(options => options.LibraryPath = "/nonexistent/lib/libpython3.12.so");
        using IHost host = builder.Build();
        Console.WriteLine("running=true");
        host.Run(); // throws: the exception leaves Main unhandled, as in an application
        Console.WriteLine("host-ran=true");
        return 0;
    }
}
