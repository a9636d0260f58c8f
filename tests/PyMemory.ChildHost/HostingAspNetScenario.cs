using PyMemory.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PyMemory.ChildHost;

/// <summary>
/// An ASP.NET Core minimal API with AddPyMemory, Kestrel on 127.0.0.1 port 0: 8 clients send 50 requests each, every
/// request runs Python (a GIL scope, Python code, MEM and RAW blocks); while the load runs, a MeterListener inside the
/// server reads the "PyMemory" meter. Then a graceful stop finalizes Python on the interpreter thread. Prints key=value
/// lines (requests served, wrong answers, instruments seen) and the log as log= lines.
/// </summary>
internal sealed class HostingAspNetScenario : IChildScenario
{
    private const int Clients = 8;
    private const int RequestsPerClient = 50;

    public string Name => "hosting-aspnet";

    public int Run(string[] args) => RunAsync().GetAwaiter().GetResult();

    private static async Task<int> RunAsync()
    {
        Watchdog.Start(TimeSpan.FromSeconds(100));
        using var metrics = new PyMemoryMeterReader();
        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Information).AddProvider(new LineLoggerProvider());
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddPyMemory(options =>
        {
            options.LibraryPath = TestLibrary.Path;
            options.Tracking = new Tracking.MemoryTrackingOptions { SampleInterval = 0 };
        });
        await using WebApplication app = builder.Build();
        app.MapGet("/py/{n:int}", (int n) => HostedPythonWork.Run(n));
        app.MapGet("/live", () => Tracking.MemoryTracker.GetSnapshot().Total.LiveBytes.ToString(CultureInfo.InvariantCulture));

        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        Console.WriteLine("listening=" + address.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));

        using var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        int served = 0;
        int wrong = 0;
        using var load = new CancellationTokenSource();
        Task reading = Task.Run(async () =>
        {
            while (!load.IsCancellationRequested)
            {
                metrics.Read();
                await Task.Delay(10);
            }
        });
        Task[] clients = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            for (int i = 0; i < RequestsPerClient; i++)
            {
                int n = 1000 + (c * RequestsPerClient) + i;
                string body = await client.GetStringAsync(new Uri("/py/" + n, UriKind.Relative));
                Interlocked.Increment(ref served);
                if (body != HostedPythonWork.Expected(n))
                {
                    Interlocked.Increment(ref wrong);
                }
            }
        })).ToArray();
        await Task.WhenAll(clients);
        metrics.Read();
        await load.CancelAsync();
        await reading;

        Console.WriteLine("served=" + served);
        Console.WriteLine("wrong=" + wrong);
        Console.WriteLine("live-bytes-positive=" + (long.Parse(await client.GetStringAsync(new Uri("/live", UriKind.Relative)), CultureInfo.InvariantCulture) > 0));
        Console.WriteLine("metric-reads=" + metrics.Reads);
        foreach (string instrument in metrics.Instruments)
        {
            Console.WriteLine("instrument=" + instrument);
        }

        foreach ((string key, double value) in metrics.Latest)
        {
            Console.WriteLine($"metric={key}={value.ToString(CultureInfo.InvariantCulture)}");
        }

        await app.StopAsync();
        Console.WriteLine("state-after-stop=" + PythonRuntime.State);
        return 0;
    }

    /// <summary>Listens to the "PyMemory" meter (PyMemoryMetrics) and keeps the latest value of each
    /// instrument and tag set, as a server that exports its metrics would read them.</summary>
    private sealed class PyMemoryMeterReader : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Lock _gate = new();
        private readonly SortedDictionary<string, double> _latest = new(StringComparer.Ordinal);
        private readonly SortedSet<string> _instruments = new(StringComparer.Ordinal);

        public PyMemoryMeterReader()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == PyMemoryMetrics.MeterName)
                {
                    lock (_gate)
                    {
                        _instruments.Add(instrument.Name);
                    }

                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
            _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
            _listener.Start();
        }

        public int Reads { get; private set; }

        public IReadOnlyList<string> Instruments
        {
            get
            {
                lock (_gate)
                {
                    return [.. _instruments];
                }
            }
        }

        public IReadOnlyList<KeyValuePair<string, double>> Latest
        {
            get
            {
                lock (_gate)
                {
                    return [.. _latest];
                }
            }
        }

        public void Read()
        {
            _listener.RecordObservableInstruments();
            Reads++;
        }

        public void Dispose() => _listener.Dispose();

        private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string key = instrument.Name;
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                key += $"|{tag.Key}={tag.Value}";
            }

            lock (_gate)
            {
                _latest[key] = value;
            }
        }
    }
}
