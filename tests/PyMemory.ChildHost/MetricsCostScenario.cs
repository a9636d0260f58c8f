using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using PyMemory.Diagnostics;
using PyMemory.Tracking;

namespace PyMemory.ChildHost;

/// <summary>
/// Measures what docs/metrics.md states about the meter's cost, with a plain stopwatch (medians of 7 runs): one
/// collection of every observable instrument through a <see cref="MeterListener"/> (and the tracker's snapshot alone, for
/// comparison), and an uncontended outermost <see cref="GilScope"/> enter and exit (the slow path, which takes the GIL)
/// without and with a listener on the GIL-wait histogram. Prints <c>name=nanoseconds</c>.
/// </summary>
internal sealed class MetricsCostScenario : IChildScenario
{
    private const int Runs = 7;

    public string Name => "metrics-cost";

    public int Run(string[] args)
    {
        PythonRuntime.Initialize(new PythonRuntimeOptions { LibraryPath = TestLibrary.Path, Tracking = new MemoryTrackingOptions() });
        long sink = 0;
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, PyMemoryMetrics.Meter) && instrument.IsObservable)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, value, _, _) => sink += value);
            listener.Start();
            Print("collection-all-observables", 20_000, listener.RecordObservableInstruments);
        }

        Print("tracker-snapshot", 200_000, () => sink += MemoryTracker.TryGetSnapshot(out MemorySnapshot s) ? s.Total.LiveBytes : 0);
        // Without and with a listener on the GIL-wait histogram, in alternating runs (the machine's load drifts).
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, PyMemoryMetrics.Meter) && instrument.Name == PyMemoryMetrics.GilWait)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<double>((_, value, _, _) => sink += (long)value);
            var without = new double[Runs];
            var with = new double[Runs];
            for (int run = 0; run < Runs; run++)
            {
                listener.Start();
                with[run] = Time(200_000, EnterAndExit);
                listener.DisableMeasurementEvents(PyMemoryMetricsHistogram());
                without[run] = Time(200_000, EnterAndExit);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"gilscope-outermost-no-listener={Median(without):F1}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"gilscope-outermost-listener={Median(with):F1}"));
        }

        Console.WriteLine("sink=" + (sink != 0));
        return 0;
    }

    private static void EnterAndExit()
    {
        using GilScope gil = GilScope.Enter();
    }

    private static Instrument PyMemoryMetricsHistogram()
    {
        Instrument? found = null;
        using var finder = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (ReferenceEquals(instrument.Meter, PyMemoryMetrics.Meter) && instrument.Name == PyMemoryMetrics.GilWait)
                {
                    found = instrument;
                }
            },
        };
        finder.Start();
        return found!;
    }

    private static void Print(string name, int iterations, Action action)
    {
        var results = new double[Runs];
        for (int run = 0; run < Runs; run++)
        {
            results[run] = Time(iterations, action);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}={Median(results):F1}"));
    }

    private static double Time(int iterations, Action action)
    {
        for (int i = 0; i < iterations / 10; i++)
        {
            action();
        }

        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < iterations; i++)
        {
            action();
        }

        return Stopwatch.GetElapsedTime(start).TotalNanoseconds / iterations;
    }

    private static double Median(double[] values)
    {
        double[] sorted = [.. values.Order()];
        return sorted[sorted.Length / 2];
    }
}
