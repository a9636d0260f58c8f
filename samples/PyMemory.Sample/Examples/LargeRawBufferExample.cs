namespace PyMemory.Sample.Examples;

/// <summary>
/// A 100 MB RAW buffer for bulk work that needs no GIL: the data is written and summed as 64-bit integers
/// without holding the GIL, so Python threads keep running meanwhile.
/// </summary>
public static class LargeRawBufferExample
{
    public const long Size = 100L * 1024 * 1024;

    public static (long Length, long ElementCount, long Sum, bool GilHeld) Run(TextWriter log)
    {
        using RawBlock buffer = RawBlock.Allocate(Size);
        Span<long> values = buffer.AsSpan<long>();
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i;
        }

        long sum = 0;
        foreach (long value in values)
        {
            sum += value;
        }

        log.WriteLine($"raw buffer: {buffer.Length} bytes, {values.Length} longs, sum {sum}, GIL held: {GilScope.IsHeld}");
        return (buffer.Length, values.Length, sum, GilScope.IsHeld);
    }
}
