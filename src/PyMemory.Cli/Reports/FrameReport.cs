namespace PyMemory.Cli.Reports;

/// <summary>One Python frame of an allocation site.</summary>
/// <param name="File">The code's file name.</param>
/// <param name="Line">The line running.</param>
/// <param name="Function">The function's name (<c>&lt;module&gt;</c> at module level).</param>
internal sealed record FrameReport(string File, int Line, string Function);
