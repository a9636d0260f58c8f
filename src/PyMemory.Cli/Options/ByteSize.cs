using System.Globalization;

namespace PyMemory.Cli.Options;

/// <summary>
/// Sizes on the command line and in the report. Binary units are powers of 1,024 (<c>KiB</c>, <c>MiB</c>,
/// <c>GiB</c>, <c>TiB</c>); decimal units are powers of 1,000 (<c>KB</c>, <c>MB</c>, <c>GB</c>, <c>TB</c>), as the
/// IEC and SI define them; <c>B</c> or no unit means bytes. Units are case-insensitive, a fraction is allowed
/// (<c>1.5GiB</c>) and the result is rounded down to whole bytes.
/// </summary>
internal static class ByteSize
{
    private static readonly (string Unit, long Factor)[] Units =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40),
        ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("TB", 1_000_000_000_000),
        ("B", 1),
    ];

    /// <summary>Parses a size such as <c>256MiB</c>, <c>64 KB</c> or <c>4096</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="bytes">The size in bytes.</param>
    /// <param name="error">Why the text is not a size, when false.</param>
    /// <returns>True when <paramref name="text"/> is a size of 0 bytes or more.</returns>
    public static bool TryParse(string? text, out long bytes, out string error)
    {
        bytes = 0;
        string value = text?.Trim() ?? "";
        long factor = 1;
        foreach ((string unit, long f) in Units)
        {
            if (value.EndsWith(unit, StringComparison.OrdinalIgnoreCase))
            {
                factor = f;
                value = value[..^unit.Length].TrimEnd();
                break;
            }
        }

        if (value.Length == 0 || !value.All(c => char.IsAsciiDigit(c) || c == '.')
            || !decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal number))
        {
            error = $"'{text}' is not a size: write a number with an optional unit, such as 4096, 64KiB, 256MiB, 1.5GiB or 500MB (KiB/MiB/GiB/TiB are powers of 1024, KB/MB/GB/TB powers of 1000).";
            return false;
        }

        decimal result = decimal.Floor(number * factor);
        if (result > long.MaxValue)
        {
            error = $"'{text}' is too large (more than {long.MaxValue} bytes).";
            return false;
        }

        bytes = (long)result;
        error = "";
        return true;
    }
}
