using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace PyMemory.Diagnostics;

/// <summary>
/// The <c>PyMemory</c> meter (System.Diagnostics.Metrics): live and peak bytes per domain, allocation counters,
/// rejections and injected faults from the memory tracker; the pending release queue and live handles; and how long
/// <see cref="GilScope.Enter"/> waits for the GIL. Watch it with <c>dotnet-counters monitor --counters PyMemory -p PID</c>
/// or with OpenTelemetry's <c>AddMeter("PyMemory")</c>; docs/metrics.md describes every instrument.
/// </summary>
/// <remarks>
/// <para>The meter is created once per process, when the interpreter is first initialized or attached to (also
/// implicitly, by the first SDK call that needs Python): through <see cref="PythonRuntimeOptions.MeterFactory"/> when
/// the options of that call give one, else with <c>new Meter("PyMemory", version)</c>. Its observable instruments read
/// counters PyMemory keeps anyway (no Python call, no GIL, no allocation); the tracker's instruments report nothing
/// while the tracker is not running. The GIL-wait histogram costs <see cref="GilScope.Enter"/> nothing unless a
/// listener is enabled for it, and never on a nested or borrowed scope.</para>
/// <para>The names follow OpenTelemetry's conventions: lower-case dotted names, units in UCUM (<c>By</c>, <c>s</c>,
/// <c>{allocation}</c>).</para>
/// </remarks>
public static class PyMemoryMetrics
{
    /// <summary>The meter's name, for <c>AddMeter</c>, <c>dotnet-counters --counters</c> or a <see cref="MeterListener"/>.</summary>
    public const string MeterName = "PyMemory";

    /// <summary>Live bytes per domain (observable up-down counter, <c>By</c>, tag <see cref="DomainTag"/>).</summary>
    public const string LiveBytes = "pymemory.memory.live";

    /// <summary>Live blocks per domain (observable up-down counter, <c>{block}</c>, tag <see cref="DomainTag"/>).</summary>
    public const string LiveBlocks = "pymemory.memory.block.count";

    /// <summary>Peak of the total live bytes (observable gauge, <c>By</c>, no tags).</summary>
    public const string PeakLiveBytes = "pymemory.memory.peak";

    /// <summary>Allocations per domain (observable counter, <c>{allocation}</c>, tag <see cref="DomainTag"/>).</summary>
    public const string Allocations = "pymemory.memory.allocations";

    /// <summary>Bytes allocated per domain (observable counter, <c>By</c>, tag <see cref="DomainTag"/>).</summary>
    public const string BytesAllocated = "pymemory.memory.total_allocated";

    /// <summary>Frees per domain (observable counter, <c>{free}</c>, tag <see cref="DomainTag"/>).</summary>
    public const string Frees = "pymemory.memory.frees";

    /// <summary>Allocations refused by a limit or budget scope, per domain (observable counter, <c>{allocation}</c>, tag
    /// <see cref="DomainTag"/>).</summary>
    public const string Rejections = "pymemory.memory.rejections";

    /// <summary>Allocations the allocator below the tracker refused, per domain (observable counter,
    /// <c>{allocation}</c>, tag <see cref="DomainTag"/>).</summary>
    public const string Failures = "pymemory.memory.failures";

    /// <summary>Allocations failed by fault injection, per domain (observable counter, <c>{allocation}</c>, tag
    /// <see cref="DomainTag"/>).</summary>
    public const string InjectedFaults = "pymemory.memory.injected_faults";

    /// <summary>Owners waiting in the pending release queue (observable up-down counter, <c>{handle}</c>, no tags).</summary>
    public const string PendingReleases = "pymemory.release_queue.length";

    /// <summary>Live PyMemory handles per type (observable up-down counter, <c>{handle}</c>, tag
    /// <see cref="HandleTypeTag"/>).</summary>
    public const string LiveHandles = "pymemory.handle.count";

    /// <summary>How long <see cref="GilScope.Enter"/> waited for the GIL (histogram of <see cref="double"/>, <c>s</c>, no
    /// tags).</summary>
    public const string GilWait = "pymemory.gil.wait.duration";

    /// <summary>The tag that names the memory domain: <see cref="RawDomain"/>, <see cref="MemDomain"/> or
    /// <see cref="ObjDomain"/>.</summary>
    public const string DomainTag = "pymemory.domain";

    /// <summary><see cref="DomainTag"/>'s value for <see cref="MemoryDomain.Raw"/>.</summary>
    public const string RawDomain = "raw";

    /// <summary><see cref="DomainTag"/>'s value for <see cref="MemoryDomain.Mem"/>.</summary>
    public const string MemDomain = "mem";

    /// <summary><see cref="DomainTag"/>'s value for <see cref="MemoryDomain.Obj"/>.</summary>
    public const string ObjDomain = "obj";

    /// <summary>The tag that names a handle type in <see cref="LiveHandles"/>.</summary>
    public const string HandleTypeTag = "pymemory.handle.type";

    /// <summary><see cref="HandleTypeTag"/>'s value for <see cref="RawBlock"/>.</summary>
    public const string RawBlockType = "raw_block";

    /// <summary><see cref="HandleTypeTag"/>'s value for <see cref="PyMemBlock"/>.</summary>
    public const string PyMemBlockType = "pymem_block";

    /// <summary><see cref="HandleTypeTag"/>'s value for <see cref="PyObjectBlock"/>.</summary>
    public const string PyObjectBlockType = "pyobject_block";

    /// <summary><see cref="HandleTypeTag"/>'s value for <see cref="PyObjectHandle"/>.</summary>
    public const string PyObjectHandleType = "pyobject_handle";

    private static readonly Lock Gate = new();
    private static Meter? s_meter;
    private static Histogram<double>? s_gilWait;

    /// <summary>The meter, once the interpreter was initialized or attached to in this process; null before.</summary>
    public static Meter? Meter => Volatile.Read(ref s_meter);

    /// <summary>The meter's version: PyMemory.Core's version.</summary>
    public static string Version { get; } = ReadVersion();

    /// <summary>Creates the meter and its instruments, the first time only (from <see cref="PythonRuntime"/>).</summary>
    /// <param name="factory">The factory to create it through; null for <c>new Meter</c>.</param>
    internal static void EnsureCreated(IMeterFactory? factory)
    {
        if (Volatile.Read(ref s_meter) != null)
        {
            return;
        }

        lock (Gate)
        {
            if (s_meter != null)
            {
                return;
            }

            Meter meter = factory != null
                ? factory.Create(new MeterOptions(MeterName) { Version = Version })
                : new Meter(MeterName, Version);
            Volatile.Write(ref s_gilWait, PyMemoryInstruments.Create(meter));
            Volatile.Write(ref s_meter, meter);
        }
    }

    /// <summary>Called by <see cref="GilScope"/> just before it waits for the GIL: the time now when a listener is
    /// enabled for the GIL-wait histogram, else 0 (then nothing is measured).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static long GilWaitStarting() => s_gilWait is { Enabled: true } ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Called by <see cref="GilScope"/> once it holds the GIL, with what <see cref="GilWaitStarting"/> returned.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void GilWaitEnded(long started)
    {
        if (started != 0)
        {
            RecordGilWait(started);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RecordGilWait(long started) => s_gilWait!.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);

    private static string ReadVersion()
    {
        string? version = typeof(PyMemoryMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (version == null)
        {
            return typeof(PyMemoryMetrics).Assembly.GetName().Version?.ToString() ?? "0.0.0";
        }

        int build = version.IndexOf('+', StringComparison.Ordinal); // SourceLink appends "+<commit>"
        return build < 0 ? version : version[..build];
    }
}
