using System.Globalization;

namespace PyMemory.Allocators;

/// <summary>
/// Which allocations a <see cref="FailingAllocatorHook"/> fails. Allocations (malloc, calloc and realloc calls; frees
/// are never failed) are numbered from 0 in the order they reach the hook, across every domain it is installed on.
/// </summary>
public sealed class AllocationFaultPolicy
{
    private readonly long _start;
    private readonly long _stop;
    private readonly nuint _maxSize;
    private readonly ulong _threshold; // random failures: fail when the hash of (seed, number) is below it
    private readonly ulong _seed;
    private readonly bool _random;
    private readonly string _text;

    private AllocationFaultPolicy(long start, long stop, nuint maxSize, ulong threshold, ulong seed, string text)
    {
        _start = start;
        _stop = stop;
        _maxSize = maxSize;
        _threshold = threshold;
        _seed = seed;
        _random = text.StartsWith("fail with probability", StringComparison.Ordinal);
        _text = text;
    }

    /// <summary>Fails only the <paramref name="n"/>th allocation (1 = the first one).</summary>
    /// <param name="n">1-based position of the one allocation to fail.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is less than 1.</exception>
    public static AllocationFaultPolicy FailNth(long n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return new(n - 1, n, nuint.MaxValue, 0, 0, string.Create(CultureInfo.InvariantCulture, $"fail allocation #{n}"));
    }

    /// <summary>Lets the first <paramref name="n"/> allocations succeed and fails every later one.</summary>
    /// <param name="n">How many allocations succeed first (0 fails them all).</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public static AllocationFaultPolicy FailAfter(long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        return new(n, long.MaxValue, nuint.MaxValue, 0, 0, string.Create(CultureInfo.InvariantCulture, $"fail every allocation after the first {n}"));
    }

    /// <summary>Fails the allocations numbered <paramref name="start"/> (inclusive) to <paramref name="stop"/>
    /// (exclusive), counting from 0, like CPython's <c>_testcapi.set_nomemory(start, stop)</c>.</summary>
    /// <param name="start">Number of the first allocation to fail.</param>
    /// <param name="stop">Number of the first allocation to succeed again.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="start"/> is negative or <paramref name="stop"/> is
    /// not greater than it.</exception>
    public static AllocationFaultPolicy FailWindow(long start, long stop)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(stop, start);
        return new(start, stop, nuint.MaxValue, 0, 0, string.Create(CultureInfo.InvariantCulture, $"fail allocations [{start}, {stop})"));
    }

    /// <summary>Fails every request for more than <paramref name="maxSize"/> bytes.</summary>
    /// <param name="maxSize">The largest request that still succeeds.</param>
    /// <returns>The policy.</returns>
    public static AllocationFaultPolicy FailAbove(nuint maxSize) =>
        new(0, long.MaxValue, maxSize, 0, 0, string.Create(CultureInfo.InvariantCulture, $"fail requests above {maxSize} bytes"));

    /// <summary>Fails each allocation with probability <paramref name="probability"/>, decided by a hash of
    /// <paramref name="seed"/> and the allocation's number: the same seed fails the same numbers in every run.</summary>
    /// <param name="probability">Between 0 and 1.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is outside [0, 1] or NaN.</exception>
    public static AllocationFaultPolicy FailRandomly(double probability, int seed)
    {
        if (!(probability >= 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "A probability between 0 and 1.");
        }

        ulong threshold = probability >= 1 ? ulong.MaxValue : (ulong)(probability * 18446744073709551616.0);
        return new(0, long.MaxValue, nuint.MaxValue, threshold, unchecked((ulong)seed), string.Create(CultureInfo.InvariantCulture, $"fail with probability {probability} (seed {seed})"));
    }

    /// <summary>Whether the allocation numbered <paramref name="number"/> asking for <paramref name="size"/> bytes fails.</summary>
    /// <param name="number">0-based number of the allocation.</param>
    /// <param name="size">Bytes requested.</param>
    /// <returns>True to fail it.</returns>
    public bool ShouldFail(long number, nuint size)
    {
        if (_random)
        {
            return Mix(_seed + (ulong)number) < _threshold;
        }

        return number >= _start && number < _stop && (_maxSize == nuint.MaxValue || size > _maxSize);
    }

    /// <summary>What the policy fails, in words.</summary>
    /// <returns>For example <c>fail allocation #3</c>.</returns>
    public override string ToString() => _text;

    // SplitMix64: a good 64-bit mix, so neighbouring numbers give independent decisions without shared state.
    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
