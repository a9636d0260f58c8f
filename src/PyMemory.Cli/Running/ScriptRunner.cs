using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using PyMemory.Allocators;
using PyMemory.Cli.Reports;
using PyMemory.Interop.Loading;
using PyMemory.Tracking;

namespace PyMemory.Cli.Running;

/// <summary>
/// Runs one script the way <c>python SCRIPT ARGS</c> would (in <c>__main__</c>, with <c>sys.argv</c>, the script's
/// folder first on <c>sys.path</c>), with the tracker on from the interpreter's first block, and gathers the
/// <see cref="RunReport"/>. The Python side is <c>runner.py</c> (an embedded resource): it compiles the script first,
/// so that a budget or an injected fault covers only the script's own run (CPython's compiler crashes on some
/// out-of-memory paths: docs/out-of-memory.md).
/// </summary>
internal sealed class ScriptRunner
{
    /// <summary>The version of the JSON report's schema (docs/pymem-report.schema.json).</summary>
    public const int SchemaVersion = 1;

    private const string RunnerModule = "_pymem_runner";

    // The runner's code objects carry this file name; their frames are pymem's, not the script's, and are left out of
    // the sites (python's own frames below a script's <module> are not shown either).
    private const string RunnerFileName = "<pymem runner>";

    private readonly RunSettings _settings;
    private readonly TextWriter _error;
    private readonly bool _errorIsTerminal;

    /// <summary>A runner for one script.</summary>
    /// <param name="settings">What to run, and how.</param>
    /// <param name="error">Where pymem's own messages and the live line go (stderr).</param>
    /// <param name="errorIsTerminal">Whether <paramref name="error"/> is a terminal.</param>
    public ScriptRunner(RunSettings settings, TextWriter error, bool errorIsTerminal)
    {
        _settings = settings;
        _error = error;
        _errorIsTerminal = errorIsTerminal;
    }

    /// <summary>Starts Python with tracking on from its first block.</summary>
    /// <returns>Null when Python started; else why it could not (the candidates and what each was refused for).</returns>
    public string? StartPython()
    {
        try
        {
            PythonRuntime.Initialize(new PythonRuntimeOptions
            {
                LibraryPath = _settings.PythonLibrary,
                InstallSignalHandlers = true, // Ctrl+C raises KeyboardInterrupt in the script, as under python
                Tracking = new MemoryTrackingOptions { SampleInterval = _settings.SampleIntervalBytes },
            });
            return null;
        }
        catch (PythonLibraryLoadException e)
        {
            return e.Message;
        }
    }

    /// <summary>Runs the script (Python started by <see cref="StartPython"/>) and reads every figure of the report
    /// while the script's globals are still alive.</summary>
    /// <returns>The report.</returns>
    public RunReport Run()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle runner = LoadRunner();
        using (PyObjectHandle prepare = Attribute("prepare"))
        using (PyObjectHandle path = PyObjects.FromString(_settings.Script))
        using (PyObjectHandle args = StringList(_settings.Arguments))
        {
            PyRun.Call(prepare, path, args).Dispose();
        }

        ScriptOutcome? outcome = ReadOutcome(); // set already when the script could not be read or compiled
        DateTimeOffset startedAt = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        IReadOnlyList<TimelinePoint> timeline;
        MemorySnapshot snapshot;
        using (var monitor = new LiveMonitor(clock, _error, _settings.Live, _errorIsTerminal))
        {
            ScriptOutcome? runnerFailure = outcome is null ? RunScript() : null;
            clock.Stop();
            snapshot = MemoryTracker.GetSnapshot(); // when the script returned: before its traceback is printed
            timeline = monitor.Finish();
            outcome ??= runnerFailure ?? Finish();
        }

        return BuildReport(outcome, snapshot, startedAt, clock.Elapsed, timeline);
    }

    /// <summary>Runs the compiled script under the budget and the fault injection asked for; both are removed as
    /// soon as it returns, before what it raised is printed, so that neither the traceback nor the report is ever
    /// refused memory.</summary>
    /// <returns>Null when the runner ran the script (<see cref="Finish"/> tells how it ended); an outcome when the
    /// runner itself failed.</returns>
    private ScriptOutcome? RunScript()
    {
        using PyObjectHandle run = Attribute("run");
        AllocatorHookScope? faults = _settings.FailNth is { } n
            ? FailingAllocatorHook.Install(AllocationFaultPolicy.FailNth(n), armed: false)
            : null;
        var hook = (FailingAllocatorHook?)faults?.Hook;
        try
        {
            if (_settings.Budget != null)
            {
                MemoryTracker.Limits = _settings.Budget;
            }

            hook?.Arm();
            try
            {
                PyRun.Call(run).Dispose();
            }
            catch (PythonException e)
            {
                // The runner never raises, unless memory ran out in the runner itself (a fault injected into its
                // first allocations): report what it could not show.
                _error.WriteLine(e.Message);
                return new ScriptOutcome("error", ExitCodes.ScriptError, e.Message + "\n", e.PythonTypeName);
            }
            finally
            {
                hook?.Disarm();
                MemoryTracker.Limits = null;
            }

            return null;
        }
        finally
        {
            faults?.Dispose();
        }
    }

    /// <summary>Has runner.py decide the outcome and print what the script raised (budget and faults are off now).</summary>
    private static ScriptOutcome Finish()
    {
        using PyObjectHandle finish = Attribute("finish");
        PyRun.Call(finish).Dispose();
        return ReadOutcome() ?? new ScriptOutcome("error", ExitCodes.ScriptError, null, null);
    }

    private RunReport BuildReport(ScriptOutcome outcome, MemorySnapshot snapshot, DateTimeOffset startedAt, TimeSpan wallTime, IReadOnlyList<TimelinePoint> timeline)
    {
        RunOutcome kind = outcome.Kind switch
        {
            "completed" => RunOutcome.Completed,
            "interrupted" => RunOutcome.Interrupted,
            _ when outcome.ExceptionType == "MemoryError" && snapshot.Total.RejectedAllocations > 0 => RunOutcome.BudgetExceeded,
            _ => RunOutcome.ScriptError,
        };
        int exitCode = kind switch
        {
            RunOutcome.BudgetExceeded => ExitCodes.BudgetExceeded,
            RunOutcome.Interrupted => ExitCodes.Interrupted,
            _ => outcome.ExitCode,
        };

        bool sampling = _settings.SampleIntervalBytes > 0;
        IReadOnlyList<SiteReport> top = sampling ? Sites(MemoryTracker.GetTopSites(AllocationSiteOrder.AllocatedBytes, _settings.TopCount)) : [];
        IReadOnlyList<SiteReport> alive = sampling
            ? Sites(MemoryTracker.GetTopSites(AllocationSiteOrder.LiveBytes, _settings.TopCount).Where(s => s.EstimatedLiveBytes > 0))
            : [];

        PythonLibraryResolution library = PythonRuntime.Library;
        AllocatorDescription allocators = PythonAllocators.Describe();
        var python = new PythonReport(
            PythonRuntime.Version.ToString(),
            library.Library.Path,
            ChosenBecause(library),
            allocators.PresetName ?? allocators.ToString(),
            allocators.DebugHooksActive);

        MemoryLimits? limits = _settings.Budget;
        return new RunReport(
            SchemaVersion,
            _settings.Script,
            _settings.Arguments,
            python,
            startedAt,
            wallTime.TotalSeconds,
            exitCode,
            kind,
            string.IsNullOrEmpty(outcome.Traceback) ? null : outcome.Traceback,
            [Domain("raw", snapshot.Raw), Domain("mem", snapshot.Mem), Domain("obj", snapshot.Obj)],
            [Histogram("raw", MemoryDomain.Raw), Histogram("mem", MemoryDomain.Mem), Histogram("obj", MemoryDomain.Obj)],
            top,
            alive,
            limits is null ? null : new BudgetReport(limits.TotalBytes, limits.RawBytes, limits.MemBytes, limits.ObjBytes, snapshot.Total.RejectedAllocations),
            _settings.FailNth,
            _settings.SampleIntervalBytes,
            timeline)
        {
            PeakTotalLiveBytes = snapshot.Total.PeakLiveBytes,
        };
    }

    /// <summary>The discovery rule and its reason, in words; a path given with <c>--python</c> says so (discovery's
    /// own words are "given in code", which is pymem's code here).</summary>
    /// <param name="resolution">What discovery chose.</param>
    /// <returns>The text.</returns>
    internal static string ChosenBecause(PythonLibraryResolution resolution) =>
        resolution.Rule == PythonDiscoveryRule.ExplicitPath ? "ExplicitPath: given with --python" : $"{resolution.Rule}: {resolution.Reason}";

    private static DomainReport Domain(string name, DomainMemoryFigures f) => new(
        name, f.LiveBytes, f.LiveBlocks, f.PeakLiveBytes, f.Allocations, f.Frees, f.Reallocations, f.BytesAllocated, f.BytesFreed,
        f.FailedAllocations, f.RejectedAllocations, f.InjectedFaults);

    private static HistogramReport Histogram(string name, MemoryDomain domain)
    {
        SizeHistogram histogram = MemoryTracker.GetSizeHistogram(domain);
        var buckets = new List<HistogramBucket>();
        for (int k = 0; k < SizeHistogram.BucketCount; k++)
        {
            long count = histogram.Counts[k];
            if (count > 0)
            {
                // Bucket k holds 2^(k-1) to 2^k - 1 bytes; the last one also everything larger.
                long upper = k == 0 ? 0 : k == SizeHistogram.BucketCount - 1 ? long.MaxValue : (1L << k) - 1;
                buckets.Add(new HistogramBucket(SizeHistogram.LowerBound(k), upper, count));
            }
        }

        return new HistogramReport(name, buckets);
    }

    private static List<SiteReport> Sites(IEnumerable<AllocationSite> sites) =>
        [.. sites.Select(s => new SiteReport(
            s.EstimatedLiveBytes,
            s.EstimatedLiveBlocks,
            s.EstimatedAllocatedBytes,
            s.Samples,
            [.. s.Domains.Select(d => d.ToString().ToLowerInvariant())],
            [.. s.Frames.Where(f => f.File != RunnerFileName).Select(f => new FrameReport(f.File, f.Line, f.Function))]))];

    /// <summary>Loads runner.py as the module <c>_pymem_runner</c> (not into <c>__main__</c>, which is the script's).</summary>
    private static PyObjectHandle LoadRunner()
    {
        using Stream stream = typeof(ScriptRunner).Assembly.GetManifestResourceStream("PyMemory.Cli.Running.runner.py")
            ?? throw new InvalidOperationException("pymem's runner.py is missing from its assembly.");
        using var reader = new StreamReader(stream);
        using PyObjectHandle source = PyObjects.FromString(reader.ReadToEnd());
        using PyObjectHandle name = PyObjects.FromString(RunnerFileName);
        using PyObjectHandle mode = PyObjects.FromString("exec");
        using PyObjectHandle compile = PyRun.Eval("compile");
        using PyObjectHandle exec = PyRun.Eval("exec");
        PyObjectHandle module = PyRun.Eval($"__import__('sys').modules.setdefault('{RunnerModule}', __import__('types').ModuleType('{RunnerModule}'))");
        using PyObjectHandle globals = PyRun.Eval($"__import__('sys').modules['{RunnerModule}'].__dict__");
        using PyObjectHandle code = PyRun.Call(compile, source, name, mode);
        PyRun.Call(exec, code, globals).Dispose();
        return module;
    }

    private static PyObjectHandle Attribute(string name) => PyRun.Eval($"__import__('sys').modules['{RunnerModule}'].{name}");

    private static PyObjectHandle StringList(IReadOnlyList<string> items)
    {
        PyObjectHandle list = PyObjects.NewList(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            using PyObjectHandle item = PyObjects.FromString(items[i]);
            PyObjects.SetListItem(list, i, item);
        }

        return list;
    }

    private static ScriptOutcome? ReadOutcome()
    {
        using PyObjectHandle function = Attribute("outcome");
        using PyObjectHandle value = PyRun.Call(function);
        if (value.TypeName != "list")
        {
            return null;
        }

        string Item(int i)
        {
            using PyObjectHandle item = PyObjects.GetListItem(value, i);
            return PyObjects.ReadString(item);
        }

        return new ScriptOutcome(Item(0), int.Parse(Item(1), CultureInfo.InvariantCulture), Item(2), Item(3));
    }
}
