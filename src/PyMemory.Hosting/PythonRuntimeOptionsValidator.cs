using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace PyMemory.Hosting;

/// <summary>Checks the options when the host starts (<c>ValidateOnStart</c>), so that a bad setting fails the start with
/// a message naming the key instead of failing later on the interpreter thread.</summary>
[SuppressMessage("Performance", "CA1812:Avoid uninstantiated internal classes", Justification = "Created by dependency injection.")]
internal sealed class PythonRuntimeOptionsValidator : IValidateOptions<PythonRuntimeOptions>
{
    public ValidateOptionsResult Validate(string? name, PythonRuntimeOptions options)
    {
        var failures = new List<string>();
        if (options.InstallSignalHandlers)
        {
            // The hosted service initializes on its own thread, which runs no Python code: KeyboardInterrupt would be
            // raised nowhere, and Python would take SIGINT from the host, whose Ctrl+C then no longer stops it.
            failures.Add("PyMemory:InstallSignalHandlers cannot be true under the hosted service: the host owns SIGINT (Ctrl+C stops the host), and Python's interpreter thread runs no Python code that could receive KeyboardInterrupt.");
        }

        if (options.Tracking != null)
        {
            try
            {
                options.Tracking.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                failures.Add($"PyMemory:Tracking:{(e.ParamName is "TotalBytes" or "RawBytes" or "MemBytes" or "ObjBytes" or "SoftTotalBytes" or "HeadroomBytes" ? "Limits:" : "")}{e.ParamName}: {FirstLine(e.Message)}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string FirstLine(string message)
    {
        int end = message.IndexOf(" (Parameter", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
