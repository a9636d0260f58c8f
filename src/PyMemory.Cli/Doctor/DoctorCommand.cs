using PyMemory.Allocators;
using PyMemory.Cli.Running;
using PyMemory.Interop.Loading;
using PyMemory.Tracking;
using Spectre.Console;

namespace PyMemory.Cli.Doctor;

/// <summary><c>pymem doctor</c>: which Python pymem would use and why, the candidates discovery tried (and why each was
/// refused), whether C extension modules import, the allocator, the debug hooks, the tracker's engine.</summary>
internal static class DoctorCommand
{
    /// <summary>C extension modules that need libpython loaded with <c>RTLD_GLOBAL</c> (docs/finding-python.md), and a
    /// few that are built into some builds and separate files in others.</summary>
    internal static readonly string[] ExtensionModules = ["_ctypes", "_decimal", "_json", "_struct", "math", "select", "_socket", "zlib", "_sqlite3", "_ssl"];

    // One module: "ok<TAB>its file" ("built in" when compiled into libpython), or "missing<TAB>..." when this Python
    // was built without it; an import that fails raises, and the PythonException says why. An expression, evaluated
    // in __main__ of the interpreter doctor started, so that nothing is left behind in it.
    private const string ImportCheck = """
        (lambda name, importlib=__import__("importlib.util"):
            "missing\tnot built into this Python" if importlib.util.find_spec(name) is None
            else "ok\t" + (getattr(importlib.import_module(name), "__file__", None) or "built in"))(NAME)
        """;

    /// <summary>Runs the command.</summary>
    /// <param name="pythonLibrary">The libpython to check (<c>--python</c>), or null for discovery.</param>
    /// <param name="output">stdout.</param>
    /// <param name="error">stderr.</param>
    /// <returns>0 all well, 1 a module failed to import, 4 no usable Python.</returns>
    public static int Execute(string? pythonLibrary, TextWriter output, TextWriter error)
    {
        IAnsiConsole console = RunCommand.CreateConsole(output);
        console.Write(new Rule("[bold]pymem doctor[/]").LeftJustified());
        console.MarkupLine(pythonLibrary is null
            ? "Looking for Python with PyMemory's discovery (docs/finding-python.md)."
            : $"Checking the library given with --python: {Markup.Escape(pythonLibrary)}");
        // Every library the rules propose, checked without loading any for use: discovery itself stops at the first
        // usable one, and the rest is worth seeing too (which other Pythons there are, and why they would not do).
        IReadOnlyList<PythonLibraryCandidate> survey = new PythonLibraryLocator().Survey(pythonLibrary);
        PythonLibraryResolution resolution;
        try
        {
            PythonRuntime.Initialize(new PythonRuntimeOptions { LibraryPath = pythonLibrary });
            resolution = PythonRuntime.Library;
        }
        catch (PythonLibraryLoadException e)
        {
            WriteCandidates(console, e.Candidates, survey);
            console.MarkupLine("[red]No usable Python.[/]");
            error.WriteLine("pymem: " + e.Message);
            return ExitCodes.PythonUnavailable;
        }

        WriteCandidates(console, resolution.Candidates, survey);
        console.MarkupLine($"[green]Chosen:[/] Python [bold]{Markup.Escape(resolution.Library.Version.ToString())}[/] from {Markup.Escape(resolution.Library.Path)}");
        console.MarkupLine($"  because {Markup.Escape(ScriptRunner.ChosenBecause(resolution))}");
        console.MarkupLine($"  {Markup.Escape(resolution.Library.VersionText.ReplaceLineEndings(" "))}");
        console.WriteLine();

        int exitCode = ExitCodes.Success;
        var modules = new Table().Border(TableBorder.Rounded).Title("C extension modules");
        modules.AddColumn("Module");
        modules.AddColumn("Import");
        modules.AddColumn("Where, or why not");
        using (GilScope gil = GilScope.Enter())
        {
            foreach (string module in ExtensionModules)
            {
                (string status, string detail) = TryImport(module);
                string shown = status switch
                {
                    "ok" => "[green]ok[/]",
                    "missing" => "[grey]not built[/]",
                    _ => "[red]FAILED[/]",
                };
                if (status == "failed")
                {
                    exitCode = ExitCodes.ScriptError;
                }

                modules.AddRow(Markup.Escape(module), shown, Markup.Escape(detail));
            }
        }

        console.Write(modules);
        AllocatorDescription allocators = PythonAllocators.Describe();
        console.MarkupLine($"Allocator: [bold]{Markup.Escape(allocators.PresetName ?? allocators.ToString())}[/]"
            + (Environment.GetEnvironmentVariable("PYTHONMALLOC") is { Length: > 0 } env ? $" (PYTHONMALLOC={Markup.Escape(env)})" : " (PYTHONMALLOC not set)"));
        console.MarkupLine($"Debug hooks: {(allocators.DebugHooksActive ? "[yellow]on[/]" : "off")}");
        console.MarkupLine(MemoryTracker.IsNativeEngineAvailable
            ? "Memory tracker: native engine available (exact figures, sampling, budgets)."
            : $"Memory tracker: [yellow]managed engine only[/] ({Markup.Escape(MemoryTracker.NativeEngineUnavailableReason ?? "unknown reason")}): no sampling, budget scopes or marks.");
        console.MarkupLine(exitCode == ExitCodes.Success ? "[green]All well.[/]" : "[red]Some C extension modules do not import: see above.[/]");
        _ = PythonRuntime.Shutdown();
        return exitCode;
    }

    private static (string Status, string Detail) TryImport(string module)
    {
        try
        {
            string line = PyRun.EvalToString(ImportCheck.Replace("NAME", $"'{module}'", StringComparison.Ordinal));
            string[] parts = line.Split('\t', 2);
            return (parts[0], parts.Length > 1 ? parts[1] : "");
        }
        catch (PythonException e)
        {
            return ("failed", e.Message);
        }
    }

    /// <summary>The candidates discovery tried (chosen, or refused and why), then those it never reached.</summary>
    private static void WriteCandidates(IAnsiConsole console, IReadOnlyList<PythonLibraryCandidate> tried, IReadOnlyList<PythonLibraryCandidate> survey)
    {
        console.MarkupLine("[bold]Candidates, in the order discovery tried them:[/]");
        if (tried.Count == 0)
        {
            console.MarkupLine("  [grey]none found[/]");
        }

        foreach (PythonLibraryCandidate candidate in tried)
        {
            string outcome = candidate.Outcome == "loaded" ? "[green]chosen[/]" : "[red]refused:[/] " + Markup.Escape(candidate.Outcome);
            console.MarkupLine($"  [[{candidate.Rule}]] {Markup.Escape(candidate.Path)}: {outcome}");
        }

        List<PythonLibraryCandidate> rest = [.. survey.Where(s => !tried.Any(t => string.Equals(t.Path, s.Path, StringComparison.Ordinal)))];
        if (rest.Count > 0)
        {
            console.MarkupLine("[bold]Not tried (discovery stopped at the one above), checked for this report:[/]");
            foreach (PythonLibraryCandidate candidate in rest)
            {
                console.MarkupLine($"  [[{candidate.Rule}]] {Markup.Escape(candidate.Path)}: [grey]not tried;[/] {Markup.Escape(candidate.Outcome)}");
            }
        }

        console.WriteLine();
    }
}
