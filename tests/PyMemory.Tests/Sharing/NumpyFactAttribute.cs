namespace PyMemory.Tests.Sharing;

/// <summary>A test that needs numpy (<see cref="NumpyPython"/>): skipped with the reason elsewhere.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NumpyFactAttribute : FactAttribute
{
    /// <summary>Skips the test unless this run uses Debian's Python 3.11 with numpy (or CI demands it).</summary>
    public NumpyFactAttribute()
    {
        if (NumpyPython.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
