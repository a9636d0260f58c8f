namespace PyMemory.Cli.Options;

/// <summary>
/// Keeps the script's own arguments away from pymem's options: in <c>pymem run [OPTIONS] SCRIPT [ARGS...]</c>,
/// everything after SCRIPT belongs to the script, also when it looks like an option (<c>--verbose</c>), as with
/// <c>python [OPTIONS] SCRIPT [ARGS...]</c>. The parser is told so by a <c>--</c> inserted after SCRIPT.
/// </summary>
internal static class ScriptArguments
{
    /// <summary>The command line with <c>--</c> after the script of a <c>run</c> command (unchanged otherwise).</summary>
    /// <param name="args">The command line.</param>
    /// <param name="optionsWithValue">The names (and aliases) of <c>run</c>'s options that take a value.</param>
    /// <returns>The command line for the parser.</returns>
    public static string[] Separate(IReadOnlyList<string> args, IReadOnlySet<string> optionsWithValue)
    {
        int run = -1;
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] == "run")
            {
                run = i;
                break;
            }

            if (!args[i].StartsWith('-'))
            {
                return [.. args]; // another command
            }
        }

        if (run < 0)
        {
            return [.. args];
        }

        for (int i = run + 1; i < args.Count; i++)
        {
            string token = args[i];
            if (token == "--")
            {
                // pymem run [OPTIONS] -- SCRIPT [ARGS...]: the script is the next token.
                return i + 1 < args.Count ? [.. args.Take(i), args[i + 1], "--", .. args.Skip(i + 2)] : [.. args];
            }

            if (token.StartsWith('-') && token.Length > 1)
            {
                if (optionsWithValue.Contains(token))
                {
                    i++; // its value, even if it does not look like one
                }

                continue;
            }

            // The script: the parser gets it, then "--", then its arguments as they are.
            return [.. args.Take(i + 1), "--", .. args.Skip(i + 1)];
        }

        return [.. args];
    }
}
