namespace PyMemory.Tests.Allocators;

/// <summary>
/// The allocator preset the test process's interpreter started with, worked out the way CPython does at start-up
/// (from <c>PYTHONMALLOC</c>, and <c>PYTHONDEVMODE</c> which adds the debug hooks), not from PyMemory's own
/// description: tests compare PyMemory's answers with it, so the suite stays strict under <c>PYTHONMALLOC=debug</c>
/// and every other preset instead of assuming the default one.
/// </summary>
internal static class AllocatorUnderTest
{
    /// <summary>CPython's name of the preset, as <c>_PyMem_GetCurrentAllocatorName</c> and PyMemory spell it:
    /// <c>pymalloc</c> by default, <c>pymalloc_debug</c> for <c>debug</c>, else the variable's value.</summary>
    public static string PresetName
    {
        get
        {
            string? value = Environment.GetEnvironmentVariable("PYTHONMALLOC");
            bool devMode = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PYTHONDEVMODE"));
            return value switch
            {
                null or "" or "default" => devMode ? "pymalloc_debug" : "pymalloc",
                "debug" => "pymalloc_debug",
                _ => value,
            };
        }
    }

    /// <summary>True when the preset includes CPython's debug hooks.</summary>
    public static bool DebugHooks => PresetName.EndsWith("_debug", StringComparison.Ordinal);

    /// <summary>How <c>AllocatorDescription.ToString()</c> starts for this preset: <c>pymalloc</c>, or
    /// <c>pymalloc_debug (debug hooks on)</c>.</summary>
    public static string Described => DebugHooks ? PresetName + " (debug hooks on)" : PresetName;
}
