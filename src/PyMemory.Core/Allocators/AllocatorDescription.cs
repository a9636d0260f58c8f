using System.Text;

namespace PyMemory.Allocators;

/// <summary>A readable account of the allocators in use: CPython's preset, whether the debug hooks are on, and the
/// PyMemory hooks installed on top.</summary>
public sealed class AllocatorDescription
{
    internal AllocatorDescription(string? presetName, bool debugHooksActive, IReadOnlyList<string> pyMemoryHooks, bool foreignHooks)
    {
        PresetName = presetName;
        DebugHooksActive = debugHooksActive;
        PyMemoryHooks = pyMemoryHooks;
        HasUnknownAllocators = foreignHooks;
    }

    /// <summary>CPython's name of the allocator preset under PyMemory's hooks, as <c>PYTHONMALLOC</c> spells it:
    /// <c>pymalloc</c>, <c>pymalloc_debug</c>, <c>malloc</c>, <c>malloc_debug</c>, <c>mimalloc</c>,
    /// <c>mimalloc_debug</c>; null when it is not a preset (another host's hooks, tracemalloc, a replacement) or the
    /// loaded Python cannot tell.</summary>
    public string? PresetName { get; }

    /// <summary>True when CPython's debug hooks are installed.</summary>
    public bool DebugHooksActive { get; }

    /// <summary>True when MEM and OBJ use pymalloc.</summary>
    public bool UsesPymalloc => PresetName?.StartsWith("pymalloc", StringComparison.Ordinal) == true;

    /// <summary>True when mimalloc is in use (3.13 builds with mimalloc).</summary>
    public bool UsesMimalloc => PresetName?.StartsWith("mimalloc", StringComparison.Ordinal) == true;

    /// <summary>PyMemory hooks currently installed, outermost first, as <c>"MEM: TypeName"</c>.</summary>
    public IReadOnlyList<string> PyMemoryHooks { get; }

    /// <summary>True when an allocator that is neither a CPython preset nor a PyMemory hook is in use (tracemalloc,
    /// another host's hook, a replacement).</summary>
    public bool HasUnknownAllocators { get; }

    /// <summary>For example <c>pymalloc_debug (debug hooks on); PyMemory hooks: MEM: CountingHook</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        var text = new StringBuilder(PresetName ?? "custom allocators");
        if (DebugHooksActive)
        {
            text.Append(" (debug hooks on)");
        }

        if (HasUnknownAllocators)
        {
            text.Append("; other hooks present (tracemalloc or another host)");
        }

        if (PyMemoryHooks.Count > 0)
        {
            text.Append("; PyMemory hooks: ").AppendJoin(", ", PyMemoryHooks);
        }

        return text.ToString();
    }
}
