using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace PyMemory.Diagnostics;

/// <summary>
/// Changes the value of a <see cref="Measurement{T}"/> that already holds its tags, without building a new one.
/// </summary>
/// <remarks>
/// Why: every public constructor of <see cref="Measurement{T}"/> copies its tags into a new array, and an observable
/// instrument must hand out new measurements at every collection; with a tag such as <c>pymemory.domain</c> that is
/// one array per measurement per collection. PyMemory's buffers build each measurement once, with its tags, and then
/// only rewrite the value. The struct's layout (a tag array and the value) is checked once against the real type: when
/// the check fails (a runtime whose <see cref="Measurement{T}"/> looks different), <see cref="Set"/> falls back to the
/// copying constructor, which is correct and allocates.
/// </remarks>
internal static class MeasurementValue
{
    private const long Probe = 0x0123_4567_89AB_CDEF;

    /// <summary>True when values are written in place (no allocation); false when the fallback is in use.</summary>
    public static bool WritesInPlace { get; } = CheckLayout();

    /// <summary>Gives <paramref name="measurement"/> the value <paramref name="value"/>, keeping its tags.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Set(ref Measurement<long> measurement, long value)
    {
        if (WritesInPlace)
        {
            Unsafe.As<Measurement<long>, Layout>(ref measurement).Value = value;
        }
        else
        {
            measurement = new Measurement<long>(value, measurement.Tags);
        }
    }

    private static bool CheckLayout()
    {
        if (Unsafe.SizeOf<Measurement<long>>() != Unsafe.SizeOf<Layout>())
        {
            return false;
        }

        const string key = "pymemory.probe";
        var measurement = new Measurement<long>(Probe, new KeyValuePair<string, object?>(key, null));
        ref Layout seen = ref Unsafe.As<Measurement<long>, Layout>(ref measurement);

        // The value is compared first, and only then the tag array dereferenced: had the fields been the other way
        // round, the comparison fails on the array's address and nothing reads through the value as a reference.
        if (seen.Value != Probe || seen.Tags is not { Length: 1 } || !ReferenceEquals(seen.Tags[0].Key, key))
        {
            return false;
        }

        seen.Value = 42;
        return measurement.Value == 42 && measurement.Tags.Length == 1 && ReferenceEquals(measurement.Tags[0].Key, key);
    }

    /// <summary>The fields of <see cref="Measurement{T}"/> for <see cref="long"/>, in the order the runtime declares them.</summary>
    private struct Layout
    {
        public KeyValuePair<string, object?>[]? Tags;
        public long Value;
    }
}
