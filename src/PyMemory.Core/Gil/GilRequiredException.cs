namespace PyMemory;

/// <summary>
/// Thrown, before any native call, when a function that requires the GIL is called on a thread that does not hold
/// it. On Python 3.12 and later that native call would be a segmentation fault.
/// </summary>
public sealed class GilRequiredException : InvalidOperationException
{
    /// <summary>Creates the exception for a CPython function.</summary>
    /// <param name="functionName">The C function that needs the GIL, such as <c>PyMem_Malloc</c>.</param>
    public GilRequiredException(string functionName)
        : base($"{functionName} requires the GIL; enter a GilScope (using var gil = GilScope.Enter();) on this thread first.")
    {
        FunctionName = functionName;
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public GilRequiredException(string message, Exception innerException)
        : base(message, innerException)
    {
        FunctionName = "";
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public GilRequiredException()
        : this("the call")
    {
    }

    /// <summary>The C function that was refused.</summary>
    public string FunctionName { get; }
}
