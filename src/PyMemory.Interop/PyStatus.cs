using System.Runtime.InteropServices;

namespace PyMemory.Interop;

/// <summary>CPython's <c>PyStatus</c> (3.8+), returned by the initialization functions: ok, an error or an exit.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct PyStatus
{
    /// <summary>0 ok, 1 error, 2 exit.</summary>
    public int Type;

    /// <summary>The function that failed (UTF-8), or null.</summary>
    public byte* Function;

    /// <summary>The error message (UTF-8), or null.</summary>
    public byte* ErrorMessage;

    /// <summary>The exit code when <see cref="Type"/> is 2.</summary>
    public int ExitCode;

    /// <summary>True when the status is neither an error nor an exit.</summary>
    public readonly bool IsOk => Type == 0;
}
