using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using PyMemory.Diagnostics;
using PyMemory.Tracking;

namespace PyMemory.ChildHost;

/// <summary>
/// <see cref="PythonRuntimeOptions.MeterFactory"/> from a real container (<c>services.AddMetrics()</c>): the meter is
/// created through it (its scope is the factory), a listener filtered to that factory's meters sees the tracker's
/// instruments with live bytes in every domain, and disposing the container disposes the meter (its instruments stop
/// being published) while Python goes on working. Prints each fact as <c>name=value</c>.
/// </summary>
internal sealed class MetricsFactoryScenario : IChildScenario
{
    public string Name => "metrics-factory";

    public int Run(string[] args)
    {
        ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        IMeterFactory factory = services.GetRequiredService<IMeterFactory>();
        Console.WriteLine("meter-before=" + (PyMemoryMetrics.Meter == null ? "none" : "some"));
        PythonRuntime.Initialize(new PythonRuntimeOptions
        {
            LibraryPath = TestLibrary.Path,
            MeterFactory = factory,
            Tracking = new MemoryTrackingOptions(),
        });
        Meter meter = PyMemoryMetrics.Meter!;
        Console.WriteLine("scope-is-factory=" + ReferenceEquals(meter.Scope, factory));
        Console.WriteLine("name=" + meter.Name + " version=" + meter.Version);

        // A second meter for the same name from the same factory is the same object: the factory's own cache agrees
        // that PyMemory's meter is the one it made.
        Console.WriteLine("factory-cached=" + ReferenceEquals(factory.Create(new MeterOptions(PyMemoryMetrics.MeterName) { Version = PyMemoryMetrics.Version }), meter));

        var live = new Dictionary<string, long>();
        int published = 0;
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                // Only meters this container's factory created.
                if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Meter.Name == PyMemoryMetrics.MeterName)
                {
                    published++;
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                if (instrument.Name == PyMemoryMetrics.LiveBytes)
                {
                    live[(string)tags[0].Value!] = value;
                }
            });
            listener.Start();
            listener.RecordObservableInstruments();
        }

        Console.WriteLine("published=" + published);
        Console.WriteLine("live=" + string.Join(",", live.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{(p.Value > 0 ? "positive" : p.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))}")));

        services.Dispose(); // the factory disposes the meters it created
        int afterDispose = 0;
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, _) => afterDispose += instrument.Meter.Name == PyMemoryMetrics.MeterName ? 1 : 0;
            listener.Start();
        }

        Console.WriteLine("published-after-dispose=" + afterDispose);
        using (GilScope.Enter())
        {
            Console.WriteLine("python-after-dispose=" + PyRun.EvalToString("sum(range(10))"));
        }

        return 0;
    }
}
