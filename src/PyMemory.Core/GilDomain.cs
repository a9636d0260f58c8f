using System.Runtime.CompilerServices;
using PyMemory.Interop;

namespace PyMemory;

/// <summary>The thread rule shared by the MEM and OBJ domains.</summary>
internal static class GilDomain
{
    /// <summary>Checks the GIL before a MEM/OBJ call and, while this thread holds it anyway, frees what the
    /// finalizer queued, so a long-lived scope does not let the queue grow.</summary>
    /// <exception cref="GilRequiredException">This thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PythonApi Require(string functionName)
    {
        PythonApi api = Gil.Require(functionName);
        if (PendingReleases.Count > 0)
        {
            PendingReleases.Drain(api);
        }

        return api;
    }
}
