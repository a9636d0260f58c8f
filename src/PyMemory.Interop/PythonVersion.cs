using System.Globalization;

namespace PyMemory.Interop;

/// <summary>The exact version of a loaded CPython library, and whether it is a free-threaded build.</summary>
/// <param name="Major">The major version (3).</param>
/// <param name="Minor">The minor version (8 to 13 are supported).</param>
/// <param name="Micro">The micro (patch) version.</param>
/// <param name="IsFreeThreaded">True for a free-threaded ("t", no-GIL) build.</param>
public readonly record struct PythonVersion(int Major, int Minor, int Micro, bool IsFreeThreaded) : IComparable<PythonVersion>
{
    /// <summary>The oldest version PyMemory supports: 3.8.</summary>
    public static PythonVersion MinimumSupported { get; } = new(3, 8, 0, false);

    /// <summary>Parses the text of <c>Py_GetVersion()</c>, such as <c>"3.11.7 (main, ...) [GCC 12.2.0]"</c>.</summary>
    /// <param name="versionText">The version string.</param>
    /// <param name="version">The parsed version.</param>
    /// <returns>True when the text starts with a <c>major.minor.micro</c> version.</returns>
    public static bool TryParse(string? versionText, out PythonVersion version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(versionText))
        {
            return false;
        }

        string head = versionText.Split(' ', 2)[0];
        string[] parts = head.Split('.');
        if (parts.Length < 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int minor))
        {
            return false;
        }

        int micro = 0;
        if (parts.Length > 2)
        {
            // The micro part may carry a release level ("13.0rc1", "0a4", "0+"): keep the leading digits.
            string microText = new(parts[2].TakeWhile(char.IsAsciiDigit).ToArray());
            _ = int.TryParse(microText, NumberStyles.None, CultureInfo.InvariantCulture, out micro);
        }

        bool freeThreaded = versionText.Contains("free-threading", StringComparison.OrdinalIgnoreCase);
        version = new PythonVersion(major, minor, micro, freeThreaded);
        return true;
    }

    /// <summary>Compares major, minor and micro.</summary>
    /// <param name="other">The version to compare with.</param>
    /// <returns>Negative, zero or positive, as <see cref="IComparable{T}"/> defines.</returns>
    public int CompareTo(PythonVersion other)
    {
        int c = Major.CompareTo(other.Major);
        if (c == 0)
        {
            c = Minor.CompareTo(other.Minor);
        }

        return c != 0 ? c : Micro.CompareTo(other.Micro);
    }

    /// <summary>True when this version is at least <paramref name="major"/>.<paramref name="minor"/>.</summary>
    /// <param name="major">The major version.</param>
    /// <param name="minor">The minor version.</param>
    /// <returns>Whether this version is that one or later.</returns>
    public bool IsAtLeast(int major, int minor) => Major > major || (Major == major && Minor >= minor);

    /// <summary>Less-than by <see cref="CompareTo"/>.</summary>
    public static bool operator <(PythonVersion left, PythonVersion right) => left.CompareTo(right) < 0;

    /// <summary>Greater-than by <see cref="CompareTo"/>.</summary>
    public static bool operator >(PythonVersion left, PythonVersion right) => left.CompareTo(right) > 0;

    /// <summary>Less-or-equal by <see cref="CompareTo"/>.</summary>
    public static bool operator <=(PythonVersion left, PythonVersion right) => left.CompareTo(right) <= 0;

    /// <summary>Greater-or-equal by <see cref="CompareTo"/>.</summary>
    public static bool operator >=(PythonVersion left, PythonVersion right) => left.CompareTo(right) >= 0;

    /// <summary>The version as <c>3.11.7</c>, with a <c>t</c> suffix for free-threaded builds.</summary>
    /// <returns>The version text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Micro}{(IsFreeThreaded ? "t" : "")}");
}
