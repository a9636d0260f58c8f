using System.Globalization;
using PyMemory.Allocators;
using PyMemory.Tracking;

namespace PyMemory.ChildHost;

/// <summary>
/// Starts Python with or without <see cref="PythonRuntimeOptions.Tracking"/> (args: <c>tracking</c> or <c>none</c>,
/// then optionally <c>debug-hooks</c> for <see cref="PythonRuntimeOptions.EnableDebugHooks"/>) and prints what a test
/// compares: the interpreter's configuration as Python sees it (which the tracker's pre-initialization must not
/// change), the allocators, and the tracker's figures from its first block on.
/// </summary>
internal sealed class TrackingStartupScenario : IChildScenario
{
    private const string Configuration =
        "import sys, locale, os\n" +
        "_cfg = repr((tuple(sys.flags), sys.getfilesystemencoding(), sys.getfilesystemencodeerrors(),\n" +
        "    locale.getpreferredencoding(False), locale.setlocale(locale.LC_CTYPE), sys.stdout.encoding, sys.stdout.errors,\n" +
        "    os.environ.get('LC_CTYPE'), os.environ.get('PYTHONIOENCODING'), sys._xoptions, sys.warnoptions))\n";

    public string Name => "tracking-startup";

    public int Run(string[] args)
    {
        bool tracking = args.Length > 0 && args[0] == "tracking";
        bool debugHooks = args.Contains("debug-hooks");
        PythonRuntime.Initialize(new PythonRuntimeOptions
        {
            LibraryPath = TestLibrary.Path,
            EnableDebugHooks = debugHooks,
            Tracking = tracking ? new MemoryTrackingOptions { SampleInterval = 0 } : null,
        });

        // Read before anything else runs: the blocks of the interpreter's start-up alone.
        bool snapshotted = MemoryTracker.TryGetSnapshot(out MemorySnapshot first);
        using GilScope gil = GilScope.Enter();
        PyRun.Exec(Configuration);
        Console.WriteLine("config=" + PyRun.EvalToString("_cfg"));
        AllocatorDescription description = PythonAllocators.Describe();
        Console.WriteLine("describe=" + description);
        Console.WriteLine("debug-hooks=" + PythonAllocators.DebugHooksActive);
        Console.WriteLine("hooks=" + string.Join(",", description.PyMemoryHooks));
        Console.WriteLine("running=" + MemoryTracker.IsRunning);
        if (!snapshotted)
        {
            return 0;
        }

        foreach (MemoryDomain domain in (ReadOnlySpan<MemoryDomain>)[MemoryDomain.Raw, MemoryDomain.Mem, MemoryDomain.Obj])
        {
            DomainMemoryFigures f = first[domain];
            Console.WriteLine(FormattableString.Invariant($"first-{domain}={f.Allocations} {f.LiveBlocks} {f.LiveBytes} {f.UntrackedFrees}"));
        }

        // pymalloc's own count of its live blocks, against the tracker's live MEM and OBJ blocks (which also hold
        // the 0-byte and large ones): a tracker that missed the first blocks would hold fewer than pymalloc.
        long pymalloc = long.Parse(PyRun.EvalToString("sys.getallocatedblocks()"), CultureInfo.InvariantCulture);
        MemorySnapshot now = MemoryTracker.GetSnapshot();
        Console.WriteLine(FormattableString.Invariant($"pymalloc-blocks={pymalloc} tracked-blocks={now.Mem.LiveBlocks + now.Obj.LiveBlocks}"));

        PyRun.Exec("import json, gc\nfor _ in range(3): json.loads(json.dumps([{'a': [i] * 10} for i in range(5000)]))\ngc.collect()");
        MemorySnapshot end = MemoryTracker.GetSnapshot();
        foreach (MemoryDomain domain in (ReadOnlySpan<MemoryDomain>)[MemoryDomain.Raw, MemoryDomain.Mem, MemoryDomain.Obj])
        {
            Console.WriteLine(FormattableString.Invariant($"untracked-{domain}={end[domain].UntrackedFrees}"));
        }

        Console.WriteLine(FormattableString.Invariant($"histogram-obj={MemoryTracker.GetSizeHistogram(MemoryDomain.Obj).Total} allocations-obj={end.Obj.Allocations}"));
        return 0;
    }
}
