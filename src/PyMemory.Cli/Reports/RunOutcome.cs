namespace PyMemory.Cli.Reports;

/// <summary>How a script run by <c>pymem run</c> ended.</summary>
internal enum RunOutcome
{
    /// <summary>The script returned, or called <c>sys.exit</c>.</summary>
    Completed,

    /// <summary>The script raised an exception it did not handle.</summary>
    ScriptError,

    /// <summary>A budget (<c>--budget</c>, <c>--budget-domain</c>) refused an allocation and the script ended with
    /// <c>MemoryError</c>.</summary>
    BudgetExceeded,

    /// <summary>The run was cancelled (Ctrl+C).</summary>
    Interrupted,
}
