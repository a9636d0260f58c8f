using PyMemory.Cli.Html;
using PyMemory.Cli.Rendering;
using PyMemory.Cli.Reports;
using Spectre.Console;

namespace PyMemory.Cli.Running;

/// <summary><c>pymem run</c>: starts Python, runs the script, prints the report, writes the files asked for, and
/// finalizes Python (which runs the script's <c>atexit</c> functions, as python does at exit).</summary>
internal static class RunCommand
{
    /// <summary>Runs the command.</summary>
    /// <param name="settings">What to run.</param>
    /// <param name="output">Where the report goes (stdout).</param>
    /// <param name="error">Where messages and the live line go (stderr).</param>
    /// <returns>The exit code.</returns>
    public static int Execute(RunSettings settings, TextWriter output, TextWriter error)
    {
        foreach (string? file in (string?[])[settings.JsonPath, settings.HtmlPath])
        {
            // Checked before the run, so that a long run is not lost to a typo in a folder name.
            if (file != null && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder && !Directory.Exists(folder))
            {
                error.WriteLine($"pymem: cannot write '{file}': folder '{folder}' does not exist.");
                return ExitCodes.Usage;
            }
        }

        var runner = new ScriptRunner(settings, error, errorIsTerminal: !Console.IsErrorRedirected);
        if (runner.StartPython() is { } failure)
        {
            error.WriteLine("pymem: " + failure);
            return ExitCodes.PythonUnavailable;
        }

        RunReport report = runner.Run();
        ConsoleReportWriter.Write(CreateConsole(output), report);
        int exitCode = report.ExitCode;
        exitCode = WriteFile(settings.JsonPath, "JSON", path => RunReportJson.Write(path, report), error) ?? exitCode;
        exitCode = WriteFile(settings.HtmlPath, "HTML", path =>
        {
            using var writer = new StreamWriter(path);
            HtmlReportWriter.Write(writer, report);
        }, error) ?? exitCode;

        _ = PythonRuntime.Shutdown();
        return exitCode;
    }

    /// <summary>A Spectre console on <paramref name="output"/>: colours and the terminal's width on a terminal, plain
    /// text 120 columns wide when redirected (a file or a pipe keeps the tables readable).</summary>
    /// <param name="output">Where it writes.</param>
    /// <returns>The console.</returns>
    internal static IAnsiConsole CreateConsole(TextWriter output)
    {
        bool terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = 120;
        }

        return console;
    }

    private static int? WriteFile(string? path, string what, Action<string> write, TextWriter error)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            write(path);
            error.WriteLine($"pymem: {what} report written to {path}");
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"pymem: could not write the {what} report to '{path}': {e.Message}");
            return ExitCodes.InternalError;
        }
    }
}
