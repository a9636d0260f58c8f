using System.Diagnostics.Metrics;
using PyMemory.Diagnostics;

namespace PyMemory.Tests.Diagnostics.Metrics;

/// <summary>
/// A <see cref="MeterListener"/> on PyMemory's meter only (the one instance <see cref="PyMemoryMetrics.Meter"/>, not any
/// other meter that happens to share the name): the instruments it published, the last value of each observable
/// series, and every GIL-wait record with the thread that made it.
/// </summary>
internal sealed class MeterProbe : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<(string Instrument, string Tag), long> _values = [];
    private readonly List<(double Seconds, int Thread)> _gilWaits = [];
    private readonly Lock _gate = new();

    public MeterProbe()
    {
        Meter meter = PyMemoryMetrics.Meter ?? throw new InvalidOperationException("the PyMemory meter does not exist: Python was not initialized");
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                lock (_gate)
                {
                    Instruments.Add(instrument);
                }

                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (_gate)
            {
                _values[(instrument.Name, TagOf(tags))] = value;
            }
        });
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            lock (_gate)
            {
                _gilWaits.Add((value, Environment.CurrentManagedThreadId));
            }
        });
        _listener.Start();
    }

    public List<Instrument> Instruments { get; } = [];

    public MeterListener Listener => _listener;

    /// <summary>Collects every observable instrument once and returns what each series reported (the tag value, or ""
    /// for an instrument without tags).</summary>
    public Dictionary<(string Instrument, string Tag), long> Observe()
    {
        lock (_gate)
        {
            _values.Clear();
        }

        _listener.RecordObservableInstruments();
        lock (_gate)
        {
            return new Dictionary<(string Instrument, string Tag), long>(_values);
        }
    }

    /// <summary>The GIL waits recorded on <paramref name="thread"/>, in seconds.</summary>
    public double[] GilWaitsOn(int thread)
    {
        lock (_gate)
        {
            return [.. _gilWaits.Where(w => w.Thread == thread).Select(w => w.Seconds)];
        }
    }

    public void Dispose() => _listener.Dispose();

    private static string TagOf(ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        tags.Length switch
        {
            0 => "",
            1 => (string)tags[0].Value!,
            _ => throw new InvalidOperationException("PyMemory's instruments carry at most one tag"),
        };
}
