using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PyMemory.PythonNet;
using Python.Runtime;

namespace PyMemory.ChildHost;

/// <summary>
/// The bridge with PyMemory.Hosting's hosted service (a generic host with AddPyMemory). <c>bridge-first</c>: the bridge
/// starts both in Main, the host uses the running interpreter, Main shuts both down after the host stopped.
/// <c>host-first</c>: the host starts Python on its thread, the bridge then starts pythonnet on it, and
/// PythonNetBridge.Shutdown before the host stops leaves the finalization to the host. <c>host-first-forgot</c>: the
/// host stops while pythonnet still runs; the hosted service must leave Python running (not end the process), and the
/// exit must be clean.
/// </summary>
internal sealed class PythonNetHostingScenario : IChildScenario
{
    public string Name => "pythonnet-hosting";

    public int Run(string[] args)
    {
        Watchdog.Start(TimeSpan.FromSeconds(90));
        string order = args[0];
        if (order == "bridge-first")
        {
            PythonNetChild.Report(PythonNetBridge.Initialize(PythonNetChild.Options()));
        }

        HostApplicationBuilder builder = Host.CreateApplicationBuilder(["--PyMemory:LibraryPath=" + TestLibrary.Path]);
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddProvider(new LineLoggerProvider());
        builder.Services.AddPyMemory(builder.Configuration.GetSection("PyMemory"));
        using IHost host = builder.Build();
        host.StartAsync().GetAwaiter().GetResult();
        if (order != "bridge-first")
        {
            PythonNetChild.Report(PythonNetBridge.Initialize(PythonNetChild.Options()));
        }

        Console.WriteLine("work=" + Work());
        if (order == "host-first")
        {
            Console.WriteLine("bridge-shutdown=" + PythonNetBridge.Shutdown());
        }

        host.StopAsync().GetAwaiter().GetResult();
        Console.WriteLine("state-after-stop=" + PythonRuntime.State);
        if (order == "bridge-first")
        {
            Console.WriteLine("bridge-shutdown=" + PythonNetBridge.Shutdown());
            Console.WriteLine("state-after-shutdown=" + PythonRuntime.State);
        }

        Console.Out.Flush();
        return 0;
    }

    private static string Work()
    {
        using (GilScope.Enter())
        {
            PyRun.Exec("hosted_value = 40 + 2");
        }

        if (!PythonNetBridge.IsPythonNetActive)
        {
            return "pymemory";
        }

        using (Py.GIL())
        {
            using PyObject main = Py.Import("__main__");
            using PyObject value = main.GetAttr("hosted_value");
            return "both-" + value;
        }
    }
}
