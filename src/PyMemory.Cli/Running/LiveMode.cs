namespace PyMemory.Cli.Running;

/// <summary>When <c>pymem run</c> shows live bytes per domain while the script runs (<c>--live</c>).</summary>
internal enum LiveMode
{
    /// <summary>On stderr, updated in place, when stderr is a terminal and the script runs longer than a second.</summary>
    Auto,

    /// <summary>Always after a second: updated in place on a terminal, else one plain line per second.</summary>
    On,

    /// <summary>Never.</summary>
    Off,
}
