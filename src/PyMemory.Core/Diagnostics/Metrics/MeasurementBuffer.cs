using System.Collections;
using System.Diagnostics.Metrics;

namespace PyMemory.Diagnostics;

/// <summary>
/// The measurements one observable instrument hands out, built once with their tags and refilled with new values at
/// every collection: the callback allocates nothing (see <see cref="MeasurementValue"/>). It is its own enumerator, so
/// that the instrument's <c>foreach</c> allocates none either.
/// </summary>
/// <remarks>One buffer per thread and instrument (<see cref="PyMemoryInstruments"/>): two listeners may collect at the
/// same time on different threads, and each must enumerate its own values.</remarks>
internal sealed class MeasurementBuffer : IEnumerable<Measurement<long>>, IEnumerator<Measurement<long>>
{
    private readonly Measurement<long>[] _items;
    private int _count;
    private int _index = -1;

    /// <summary>A buffer of one measurement per tag set (an empty tag set for an instrument without tags).</summary>
    public MeasurementBuffer(KeyValuePair<string, object?>[][] tagSets)
    {
        _items = new Measurement<long>[tagSets.Length];
        for (int i = 0; i < tagSets.Length; i++)
        {
            _items[i] = new Measurement<long>(0, tagSets[i]);
        }
    }

    public Measurement<long> Current => _items[_index];

    object IEnumerator.Current => Current;

    /// <summary>Sets the value of measurement <paramref name="index"/>.</summary>
    public void Set(int index, long value) => MeasurementValue.Set(ref _items[index], value);

    /// <summary>Hands out every measurement, with the values last set.</summary>
    public MeasurementBuffer All()
    {
        _count = _items.Length;
        _index = -1;
        return this;
    }

    public IEnumerator<Measurement<long>> GetEnumerator()
    {
        _index = -1;
        return this;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool MoveNext() => ++_index < _count;

    public void Reset() => _index = -1;

    public void Dispose()
    {
        // Nothing to release: the buffer is reused at the next collection.
    }
}
