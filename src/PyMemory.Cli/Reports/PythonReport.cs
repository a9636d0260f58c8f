namespace PyMemory.Cli.Reports;

/// <summary>The Python a run used.</summary>
/// <param name="Version">Its version, for example <c>3.12.1</c>.</param>
/// <param name="LibraryPath">The libpython that was loaded.</param>
/// <param name="ChosenBecause">The discovery rule that chose it, in words.</param>
/// <param name="Allocator">The allocator in use (for example <c>pymalloc</c> or <c>mimalloc</c>).</param>
/// <param name="DebugHooks">Whether CPython's memory debug hooks were on.</param>
internal sealed record PythonReport(string Version, string LibraryPath, string ChosenBecause, string Allocator, bool DebugHooks);
