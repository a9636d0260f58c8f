using System.Text.Json.Serialization;

namespace PyMemory.Cli.Reports;

/// <summary>How a script run by <c>pymem run</c> ended. In JSON, the camelCase names (<c>completed</c>,
/// <c>scriptError</c>, <c>budgetExceeded</c>, <c>interrupted</c>).</summary>
internal enum RunOutcome
{
    /// <summary>The script returned, or called <c>sys.exit</c>.</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>The script raised an exception it did not handle.</summary>
    [JsonStringEnumMemberName("scriptError")]
    ScriptError,

    /// <summary>A budget (<c>--budget</c>, <c>--budget-domain</c>) refused an allocation and the script ended with
    /// <c>MemoryError</c>.</summary>
    [JsonStringEnumMemberName("budgetExceeded")]
    BudgetExceeded,

    /// <summary>The run was cancelled (Ctrl+C).</summary>
    [JsonStringEnumMemberName("interrupted")]
    Interrupted,
}
