using System.Globalization;

namespace PyMemory.Tracking;

/// <summary>One Python frame of an <see cref="AllocationSite"/>: the code that was running and its line.</summary>
public sealed class SiteFrame
{
    internal SiteFrame(string file, string function, int line)
    {
        File = file;
        Function = function;
        Line = line;
    }

    /// <summary>The code object's file name (<c>co_filename</c>), such as <c>app.py</c> or <c>&lt;string&gt;</c>;
    /// <c>&lt;unknown&gt;</c> when the code object was not kept (more than
    /// <see cref="MemoryTracker.MaxSampledCodeObjects"/> distinct ones were seen) or its name could not be read.</summary>
    public string File { get; }

    /// <summary>The function: its qualified name (<c>co_qualname</c>, such as <c>Parser.parse</c>) on 3.11 and later,
    /// its name (<c>co_name</c>) before; <c>&lt;module&gt;</c> for module-level code.</summary>
    public string Function { get; }

    /// <summary>The line that was executing when the block was allocated (1-based; 0 or less when CPython did not
    /// know).</summary>
    public int Line { get; }

    /// <summary>The frame as <c>File:Line in Function</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{File}:{Line} in {Function}");
}
