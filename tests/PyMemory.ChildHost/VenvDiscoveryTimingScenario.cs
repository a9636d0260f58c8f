using System.Diagnostics;
using System.Globalization;
using PyMemory.Interop.Loading;

namespace PyMemory.ChildHost;

/// <summary>
/// A timing harness, not a test: runs discovery once with the process environment (python3 on PATH, VIRTUAL_ENV,
/// the discovery cache as configured; or the library path given as argument, for the cost of loading alone) and prints <c>locate-ms=</c>, the wall time of
/// <see cref="PythonLibraryLocator.Locate"/>, <c>locate-cpu-ms=</c>, this process's processor time in it (less
/// sensitive to a loaded machine; a spawned interpreter's is not included), and the rule that chose. Run it in fresh processes, cache off
/// (PYMEMORY_DISCOVERY_CACHE=0) against cache warm, to see what the cache saves at start-up.
/// </summary>
internal sealed class VenvDiscoveryTimingScenario : IChildScenario
{
    public string Name => "venv-discovery-timing";

    public int Run(string[] args)
    {
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        PythonLibraryResolution found = new PythonLibraryLocator().Locate(args.Length > 0 ? args[0] : null);
        watch.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine("locate-ms=" + watch.Elapsed.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture));
        Console.WriteLine("locate-cpu-ms=" + cpu.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture));
        Console.WriteLine("rule=" + found.Rule);
        Console.WriteLine("executable=" + found.Executable);

        return 0;
    }
}
