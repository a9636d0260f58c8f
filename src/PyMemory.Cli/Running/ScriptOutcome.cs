namespace PyMemory.Cli.Running;

/// <summary>How the script ended, as runner.py's <c>outcome()</c> tells it.</summary>
/// <param name="Kind"><c>completed</c>, <c>error</c> or <c>interrupted</c>.</param>
/// <param name="ExitCode">The exit code python would have returned.</param>
/// <param name="Traceback">The traceback text when the script raised; empty or null otherwise.</param>
/// <param name="ExceptionType">The type name of what it raised (<c>MemoryError</c>); empty or null otherwise.</param>
internal sealed record ScriptOutcome(string Kind, int ExitCode, string? Traceback, string? ExceptionType);
