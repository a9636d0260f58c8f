namespace PyMemory.Cli.Html;

/// <summary>Axis ticks at round values (1, 2 or 5 times a power of ten, in a unit): what a person would mark on the
/// axis of a chart by hand.</summary>
internal static class NiceTicks
{
    /// <summary>Ticks from zero up to the first round value at or above <paramref name="max"/>, about
    /// <paramref name="count"/> of them, each a multiple of <paramref name="unit"/> (1 for seconds, a power of 1024 for
    /// bytes, so that byte ticks read 256 MiB rather than 268.4 MB).</summary>
    /// <param name="max">The largest value to show; zero or less (or not finite) gives the ticks 0 and 1 unit.</param>
    /// <param name="count">About how many intervals.</param>
    /// <param name="unit">The unit the round numbers are counted in.</param>
    /// <returns>The tick values, ascending, starting at 0; the last is the axis' end.</returns>
    public static IReadOnlyList<double> UpTo(double max, int count, double unit)
    {
        if (!(max > 0) || double.IsInfinity(max))
        {
            return [0, unit];
        }

        double step = Round(max / unit / Math.Max(1, count)) * unit;
        int intervals = (int)Math.Ceiling(max / step - 1e-9);
        var ticks = new List<double>(intervals + 1);
        for (int i = 0; i <= intervals; i++)
        {
            ticks.Add(i * step);
        }

        return ticks;
    }

    /// <summary>The round number (1, 2, 5 times a power of ten) at or above <paramref name="raw"/>.</summary>
    private static double Round(double raw)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double fraction = raw / power;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * power;
    }
}
