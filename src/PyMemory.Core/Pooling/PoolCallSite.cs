using System.Diagnostics;

namespace PyMemory;

/// <summary>The call sites a <see cref="PyMemoryPool"/> records in diagnostic mode only: a stack trace costs tens of
/// microseconds.</summary>
internal static class PoolCallSite
{
    /// <summary>The stack from the first frame outside the pool (its own frames and MemoryManager's are left out).</summary>
    public static string Capture()
    {
        StackFrame[] frames = new StackTrace().GetFrames();
        int first = 0;
        while (first < frames.Length && IsPoolFrame(frames[first]))
        {
            first++;
        }

        // Both traces start at this frame, so the index found in the first one skips the same frames in the second.
        return new StackTrace(first, fNeedFileInfo: true).ToString().TrimEnd();
    }

    /// <summary>A recorded site, or a note that none was recorded.</summary>
    public static string Describe(string? site) => site ?? "   (not recorded)";

    private static bool IsPoolFrame(StackFrame frame)
    {
        // DiagnosticMethodInfo, not GetMethod: it survives trimming (the library is AOT-compatible).
        string? type = DiagnosticMethodInfo.Create(frame)?.DeclaringTypeName;
        return type is not null
            && (type == typeof(PoolCallSite).FullName || type == typeof(PoolRental).FullName || type == typeof(PinToken).FullName
                || type == typeof(PoolSizeClass).FullName || type == typeof(PyMemoryPool).FullName || type.StartsWith("System.Buffers.", StringComparison.Ordinal));
    }
}
