using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using PyMemory.Cli.Doctor;
using PyMemory.Cli.Options;
using PyMemory.Cli.Running;
using PyMemory.Tracking;

namespace PyMemory.Cli;

/// <summary>
/// pymem's commands and options (System.CommandLine), and the one place that turns a usage error into a message and
/// exit code 2: a parse error, a bad size, a missing script all end here, never in a stack trace.
/// </summary>
internal sealed class PymemCommandLine
{
    private readonly RootCommand _root;
    private readonly HashSet<string> _runOptionsWithValue = new(StringComparer.Ordinal);
    private readonly TextWriter _output;
    private readonly TextWriter _error;

    /// <summary>Builds the commands; their output goes to <paramref name="output"/> and <paramref name="error"/>.</summary>
    /// <param name="output">stdout.</param>
    /// <param name="error">stderr.</param>
    public PymemCommandLine(TextWriter output, TextWriter error)
    {
        _output = output;
        _error = error;
        _root = new RootCommand(
            "pymem: runs a Python script in an embedded CPython with PyMemory's memory tracking on, and reports what it "
            + "allocated, where, and what stayed alive. " + ExitCodes.HelpText);
        _root.Add(BuildRun());
        _root.Add(BuildDoctor());
    }

    /// <summary>Parses <paramref name="args"/> and runs the command.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The exit code (<see cref="ExitCodes"/>).</returns>
    public int Invoke(string[] args)
    {
        ParseResult parse = _root.Parse(ScriptArguments.Separate(args, _runOptionsWithValue));
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            foreach (ParseError error in parse.Errors)
            {
                _error.WriteLine("pymem: " + error.Message);
            }

            string command = parse.CommandResult.Command == _root ? "pymem" : "pymem " + parse.CommandResult.Command.Name;
            _error.WriteLine($"Run '{command} --help' for usage.");
            return ExitCodes.Usage;
        }

        return parse.Invoke(new InvocationConfiguration { Output = _output, Error = _error });
    }

    private static long? Size(ArgumentResult result, bool positive)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        string error;
        bool ok = positive ? BudgetParser.TryParseLimit(text, out long bytes, out error) : ByteSize.TryParse(text, out bytes, out error);
        if (!ok)
        {
            result.AddError(error);
            return null;
        }

        return bytes;
    }

    private Command BuildRun()
    {
        var script = new Argument<string>("script") { Description = "The Python script to run, as with 'python SCRIPT'." };
        script.Validators.Add(r =>
        {
            string? path = r.Tokens.Count > 0 ? r.Tokens[0].Value : null;
            if (path != null && path.StartsWith('-') && !File.Exists(path))
            {
                r.AddError($"Unrecognized option '{path}' (pymem's options come before SCRIPT; everything after it goes to the script).");
            }
            else if (path != null && !File.Exists(path))
            {
                r.AddError(Directory.Exists(path) ? $"'{path}' is a folder, not a script." : $"Script '{path}' not found.");
            }
        });
        var args = new Argument<string[]>("args")
        {
            Description = "Arguments for the script (sys.argv[1:]); everything after SCRIPT goes to the script.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var python = new Option<string?>("--python") { Description = "The libpython to load (else discovery chooses: see 'pymem doctor').", HelpName = "PATH" };
        var budget = new Option<long?>("--budget")
        {
            Description = "Limit on the live bytes of all domains together, e.g. 256MiB: past it an allocation fails and the script gets MemoryError.",
            HelpName = "SIZE",
            CustomParser = r => Size(r, positive: true),
        };
        var budgetDomain = new Option<string[]>("--budget-domain")
        {
            Description = "Limit on one domain's live bytes, e.g. obj=64MiB (raw, mem or obj; repeatable).",
            HelpName = "DOMAIN=SIZE",
            Arity = ArgumentArity.ZeroOrMore,
        };
        budgetDomain.Validators.Add(r =>
        {
            foreach (Token token in r.Tokens)
            {
                if (!BudgetParser.TryParseDomain(token.Value, out _, out _, out string error))
                {
                    r.AddError(error);
                }
            }
        });
        var sampleInterval = new Option<long?>("--sample-interval")
        {
            Description = "Mean bytes between two sampled allocations (default 512KiB; 0 turns sampling and the site tables off).",
            HelpName = "SIZE",
            CustomParser = r => Size(r, positive: false),
        };
        var failNth = new Option<long?>("--fail-nth") { Description = "Fault injection: the Nth allocation the script makes fails (1 = the first).", HelpName = "N" };
        failNth.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && (!long.TryParse(r.Tokens[^1].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long n) || n < 1))
            {
                r.AddError($"--fail-nth needs a whole number of 1 or more, not '{r.Tokens[^1].Value}'.");
            }
        });
        var json = new Option<string?>("--json") { Description = "Also write the whole report as JSON (schema: docs/pymem-report.schema.json).", HelpName = "FILE" };
        var html = new Option<string?>("--html") { Description = "Also write a self-contained HTML report with the memory curve.", HelpName = "FILE" };
        var live = new Option<string>("--live")
        {
            Description = "The live line of live bytes per domain on stderr, after the first second: auto (on a terminal), on, off.",
            HelpName = "WHEN",
            DefaultValueFactory = _ => "auto",
        };
        live.AcceptOnlyFromAmong("auto", "on", "off");
        var top = new Option<int>("--top") { Description = "How many allocation sites the tables list (default 10).", HelpName = "N", DefaultValueFactory = _ => 10 };
        top.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--top needs 1 or more.");
            }
        });

        var run = new Command(
            "run",
            "Runs SCRIPT as 'python SCRIPT ARGS' would, with memory tracking on from the interpreter's first block, and "
            + "prints a report: per-domain figures, the size histogram, the top allocation sites, what was still alive "
            + "when it returned, budget refusals, wall time. " + ExitCodes.HelpText)
        {
            script, args, python, budget, budgetDomain, sampleInterval, failNth, json, html, live, top,
        };
        foreach (Option option in (Option[])[python, budget, budgetDomain, sampleInterval, failNth, json, html, live, top])
        {
            _runOptionsWithValue.Add(option.Name);
            _runOptionsWithValue.UnionWith(option.Aliases);
        }

        run.SetAction(parse =>
        {
            var domains = new Dictionary<MemoryDomain, long>();
            foreach (string value in parse.GetValue(budgetDomain) ?? [])
            {
                _ = BudgetParser.TryParseDomain(value, out MemoryDomain domain, out long bytes, out _); // validated above
                domains[domain] = bytes;
            }

            var settings = new RunSettings(
                parse.GetRequiredValue(script),
                parse.GetValue(args) ?? [],
                parse.GetValue(python),
                BudgetParser.Limits(parse.GetValue(budget), domains),
                parse.GetValue(sampleInterval) ?? MemoryTrackingOptions.DefaultSampleInterval,
                parse.GetValue(failNth),
                parse.GetValue(json),
                parse.GetValue(html),
                parse.GetValue(live) switch { "on" => LiveMode.On, "off" => LiveMode.Off, _ => LiveMode.Auto },
                parse.GetValue(top));
            return RunCommand.Execute(settings, _output, _error);
        });
        return run;
    }

    private Command BuildDoctor()
    {
        var python = new Option<string?>("--python") { Description = "Check this libpython instead of the one discovery chooses.", HelpName = "PATH" };
        var doctor = new Command(
            "doctor",
            "Shows which Python pymem would use and why, every candidate discovery tried and why it was refused, whether C "
            + "extension modules import, the allocator in use and whether CPython's debug hooks are on. Exit codes: 0 all "
            + "well, 1 an extension module failed to import, 4 no usable Python.")
        {
            python,
        };
        doctor.SetAction(parse => DoctorCommand.Execute(parse.GetValue(python), _output, _error));
        return doctor;
    }
}
