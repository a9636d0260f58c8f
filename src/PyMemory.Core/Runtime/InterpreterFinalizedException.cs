namespace PyMemory;

/// <summary>
/// Thrown by every SDK call once the interpreter PyMemory started has been finalized (or is being finalized).
/// One interpreter per process: CPython cannot be re-initialized safely after finalization.
/// </summary>
public sealed class InterpreterFinalizedException : InvalidOperationException
{
    /// <summary>Creates the exception with the standard message.</summary>
    public InterpreterFinalizedException()
        : base("The Python interpreter has been finalized by PythonRuntime.Shutdown; PyMemory no longer calls into Python in this process.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public InterpreterFinalizedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InterpreterFinalizedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
