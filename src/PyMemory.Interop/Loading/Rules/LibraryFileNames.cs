using System.Globalization;
using System.Runtime.InteropServices;

namespace PyMemory.Interop.Loading.Rules;

/// <summary>The platform's file names for libpython of one version, and where Debian-style systems keep them.</summary>
internal static class LibraryFileNames
{
    /// <summary>The library's file names for Python <paramref name="major"/>.<paramref name="minor"/>, most specific first.</summary>
    public static IEnumerable<string> For(int major, int minor)
    {
        if (OperatingSystem.IsWindows())
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"python{major}{minor}.dll");
        }
        else if (OperatingSystem.IsMacOS())
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"libpython{major}.{minor}.dylib");
        }
        else
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"libpython{major}.{minor}.so.1.0");
            yield return string.Create(CultureInfo.InvariantCulture, $"libpython{major}.{minor}.so");
        }
    }

    /// <summary>Debian and Ubuntu put the system Python's library in the multiarch folder (/usr/lib/x86_64-linux-gnu).</summary>
    public static string? MultiarchTriplet => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => "x86_64-linux-gnu",
        Architecture.Arm64 => "aarch64-linux-gnu",
        _ => null,
    };
}
