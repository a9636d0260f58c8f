using System.Globalization;

namespace PyMemory.Cli.Reports;

/// <summary>Byte counts as people read them, in every report (console, live line, HTML): binary units (KiB = 1024 B),
/// three significant digits.</summary>
internal static class SizeText
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

    /// <summary>For example <c>0 B</c>, <c>512 B</c>, <c>1.50 KiB</c>, <c>12.3 MiB</c>, <c>640 MiB</c>, <c>8.00 EiB</c>;
    /// a negative count gets a minus sign.</summary>
    public static string Format(double bytes)
    {
        if (double.IsNaN(bytes) || double.IsInfinity(bytes))
        {
            return "?";
        }

        string sign = bytes < 0 ? "-" : "";
        double value = Math.Abs(bytes);
        int unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        if (unit == 0)
        {
            return sign + value.ToString("0", CultureInfo.InvariantCulture) + " B";
        }

        string digits = value >= 100 ? "0" : value >= 10 ? "0.0" : "0.00";
        return sign + value.ToString(digits, CultureInfo.InvariantCulture) + " " + Units[unit];
    }

    /// <summary>The largest unit (a power of 1024) that <paramref name="bytes"/> reaches, at least 1.</summary>
    public static double UnitFor(double bytes)
    {
        double unit = 1;
        for (int i = 1; i < Units.Length && bytes >= unit * 1024; i++)
        {
            unit *= 1024;
        }

        return unit;
    }
}
