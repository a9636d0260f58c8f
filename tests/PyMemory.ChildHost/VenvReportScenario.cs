using PyMemory.Tracking;

namespace PyMemory.ChildHost;

/// <summary>
/// Starts Python with the options named on the command line and prints, one <c>key=value</c> per line, what the
/// interpreter then says about itself: <c>sys.executable</c>, the prefixes, whether the <c>venv_marker</c> package
/// imports and from where, <c>sys.path[0]</c>, and the version a <c>subprocess.run([sys.executable, ...])</c> starts.
/// Options (any order): <c>library</c> (the library under test as <see cref="PythonRuntimeOptions.LibraryPath"/>),
/// <c>executable=PATH</c>, <c>home=PATH</c>, <c>extra=PATH</c> (repeatable), <c>tracking</c>, <c>debug-hooks</c>,
/// <c>again=executable</c> (a second Initialize with an Executable after starting). Exit codes as
/// <see cref="RuntimeReport"/>; 5 when the second Initialize did not throw.
/// </summary>
internal sealed class VenvReportScenario : IChildScenario
{
    private const string Report =
        "import sys, subprocess\n" +
        "_r = {'executable': sys.executable, 'prefix': sys.prefix, 'exec-prefix': sys.exec_prefix,\n" +
        "      'base-prefix': sys.base_prefix, 'path0': sys.path[0] if sys.path else '', 'path1': sys.path[1] if len(sys.path) > 1 else ''}\n" +
        "try:\n" +
        "    import venv_marker\n" +
        "    _r['marker'] = venv_marker.__file__\n" +
        "except ImportError as e:\n" +
        "    _r['marker'] = 'ImportError: %s' % e\n" +
        "_p = subprocess.run([sys.executable, '-c', 'import sys; print(\"%d.%d.%d\" % sys.version_info[:3], sys.prefix)'],\n" +
        "    stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)\n" +
        "_r['subprocess'] = (_p.stdout.strip() or _p.stderr.strip()).replace('\\n', ' | ')\n" +
        "_report = '\\n'.join('%s=%s' % kv for kv in _r.items())\n";

    public string Name => "venv-report";

    public int Run(string[] args)
    {
        var extra = new List<string>();
        string? executable = null, home = null;
        bool library = false, tracking = false, debugHooks = false;
        foreach (string arg in args)
        {
            (string key, string? value) = arg.Split('=', 2) is [var k, var v] ? (k, v) : (arg, null);
            switch (key)
            {
                case "library": library = true; break;
                case "executable": executable = value; break;
                case "home": home = value; break;
                case "extra": extra.Add(value!); break;
                case "tracking": tracking = true; break;
                case "debug-hooks": debugHooks = true; break;
                case "again": break;
                default: throw new ArgumentException("unknown option " + arg);
            }
        }

        var options = new PythonRuntimeOptions
        {
            LoggerFactory = LineLoggerProvider.CreateFactory(),
            LibraryPath = library ? TestLibrary.RequiredPath : null,
            EnableDebugHooks = debugHooks,
            Tracking = tracking ? new MemoryTrackingOptions() : null,
            Executable = executable,
            PythonHome = home,
            ExtraSysPath = extra.Count > 0 ? extra : null,
        };
        int started = RuntimeReport.Initialize(options);
        if (started != 0)
        {
            return started;
        }

        Console.WriteLine("resolved-executable=" + PythonRuntime.Library.Executable);
        Console.WriteLine("resolved-venv=" + PythonRuntime.Library.VirtualEnvironment);
        using (GilScope.Enter())
        {
            PyRun.Exec(Report);
            Console.WriteLine(PyRun.EvalToString("_report"));
        }

        if (args.FirstOrDefault(a => a.StartsWith("again=", StringComparison.Ordinal)) is { } again)
        {
            try
            {
                PythonRuntime.Initialize(new PythonRuntimeOptions { Executable = again["again=".Length..] });
                Console.WriteLine("again=no exception");
                return 5;
            }
            catch (InvalidOperationException e)
            {
                Console.WriteLine("again=" + e.Message);
            }
        }

        return 0;
    }
}
