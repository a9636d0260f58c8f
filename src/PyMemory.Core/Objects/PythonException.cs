namespace PyMemory;

/// <summary>A Python exception raised by a call PyMemory made, carried into .NET (the Python error is cleared).</summary>
public class PythonException : Exception
{
    /// <summary>Creates the exception from a Python exception's type name and message.</summary>
    /// <param name="pythonTypeName">The Python type name, such as <c>MemoryError</c> or <c>ZeroDivisionError</c>.</param>
    /// <param name="pythonMessage">The text of <c>str(exception)</c>.</param>
    public PythonException(string pythonTypeName, string pythonMessage)
        : base(string.IsNullOrEmpty(pythonMessage) ? pythonTypeName : $"{pythonTypeName}: {pythonMessage}")
    {
        PythonTypeName = pythonTypeName;
        PythonMessage = pythonMessage;
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public PythonException(string message)
        : this("Exception", message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PythonException(string message, Exception innerException)
        : base(message, innerException)
    {
        PythonTypeName = "Exception";
        PythonMessage = message;
    }

    /// <summary>Creates the exception with no message.</summary>
    public PythonException()
        : this("Exception", "")
    {
    }

    /// <summary>The Python exception's type name (<c>type(e).__name__</c>).</summary>
    public string PythonTypeName { get; }

    /// <summary>The Python exception's message (<c>str(e)</c>).</summary>
    public string PythonMessage { get; }
}
