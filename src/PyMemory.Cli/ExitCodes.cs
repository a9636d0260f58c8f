namespace PyMemory.Cli;

/// <summary>The exit codes of <c>pymem</c> (docs/pymem.md lists them; <c>--help</c> shows them). A script's own exit
/// code can coincide with one of them: the JSON report's <c>outcome</c> always tells them apart.</summary>
internal static class ExitCodes
{
    /// <summary>The script completed (or called <c>sys.exit(0)</c>); doctor found nothing wrong.</summary>
    public const int Success = 0;

    /// <summary>The script raised an exception it did not handle (the traceback was printed); doctor: a C extension
    /// module failed to import.</summary>
    public const int ScriptError = 1;

    /// <summary>Usage error: a missing script, an unknown option, a bad size or value.</summary>
    public const int Usage = 2;

    /// <summary>A budget (<c>--budget</c>, <c>--budget-domain</c>) refused an allocation and the script ended with
    /// <c>MemoryError</c>.</summary>
    public const int BudgetExceeded = 3;

    /// <summary>No usable Python could be found or loaded (the candidates and why each was refused are printed).</summary>
    public const int PythonUnavailable = 4;

    /// <summary>pymem itself failed (a report file could not be written, an unexpected error); the message says what.</summary>
    public const int InternalError = 70;

    /// <summary>The script was interrupted (Ctrl+C, <c>KeyboardInterrupt</c>), as a shell reports a SIGINT.</summary>
    public const int Interrupted = 130;

    /// <summary>The text <c>--help</c> shows.</summary>
    public const string HelpText =
        "Exit codes: the script's own (sys.exit(n); 0 when it returns), 1 when it raised (traceback printed), "
        + "2 usage error, 3 a budget stopped it (MemoryError after a refusal), 4 no usable Python found or loaded, "
        + "70 pymem failed, 130 interrupted (Ctrl+C).";
}
