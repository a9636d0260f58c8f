using System.Globalization;

namespace PyMemory.Interop.Loading.Rules;

/// <summary>Rule 7: the platform's installation folders, newest minor version first; only files that exist are
/// proposed. Windows and macOS paths are by design, untested here. Probed.</summary>
internal sealed class WellKnownPathsRule : DiscoveryRule
{
    private readonly Func<string, string?> _environment;
    private readonly Func<IEnumerable<string>> _locations;

    /// <summary>The rule, with the platform's list replaced by <paramref name="locations"/> when given (tests).</summary>
    public WellKnownPathsRule(Func<string, string?> environment, Func<IEnumerable<string>>? locations = null)
    {
        _environment = environment;
        _locations = locations ?? (() => PlatformLocations().Where(File.Exists));
    }

    public override PythonDiscoveryRule Kind => PythonDiscoveryRule.WellKnownLocation;

    public override bool IsDecisive => false;

    public override IEnumerable<ProposedLibrary> Propose() =>
        _locations().Select(path => new ProposedLibrary(path, "found in a well-known location"));

    private IEnumerable<string> PlatformLocations()
    {
        for (int minor = 13; minor >= 8; minor--)
        {
            string v = string.Create(CultureInfo.InvariantCulture, $"3.{minor}");
            if (OperatingSystem.IsWindows())
            {
                string dll = string.Create(CultureInfo.InvariantCulture, $"python3{minor}.dll");
                string? local = _environment("LOCALAPPDATA");
                if (local != null)
                {
                    yield return Path.Combine(local, "Programs", "Python", $"Python3{minor}", dll);
                }

                yield return Path.Combine($"C:\\Python3{minor}", dll);
                yield return Path.Combine($"C:\\Program Files\\Python3{minor}", dll);
            }
            else if (OperatingSystem.IsMacOS())
            {
                yield return $"/Library/Frameworks/Python.framework/Versions/{v}/Python";
                yield return $"/opt/homebrew/Frameworks/Python.framework/Versions/{v}/Python";
                yield return $"/usr/local/Frameworks/Python.framework/Versions/{v}/Python";
                yield return $"/opt/homebrew/lib/libpython{v}.dylib";
                yield return $"/usr/local/lib/libpython{v}.dylib";
            }
            else
            {
                foreach (string dir in new[] { "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/local/lib", "/usr/lib64", "/usr/lib" })
                {
                    foreach (string name in LibraryFileNames.For(3, minor))
                    {
                        yield return Path.Combine(dir, name);
                    }
                }
            }
        }
    }
}
