namespace PyMemory;

public static unsafe partial class PyObjects
{
    /// <summary>Runs a full garbage collection (<c>gc.collect()</c>, through <c>PyGC_Collect</c>).</summary>
    /// <returns>The number of unreachable objects found; 0 when the collector is disabled (<c>gc.disable()</c>) or
    /// already running.</returns>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    public static long Collect() => Gil.Require("PyGC_Collect").PyGC_Collect();
}
