using PyMemory.Interop;

namespace PyMemory;

/// <summary>
/// A Python exception raised by a call PyMemory made, carried into .NET (the Python error is cleared). This type is
/// also the one place that turns a pending Python error into a .NET exception: every PyMemory call that can fail in
/// Python goes through it, and <see cref="ThrowIfPending"/> does the same for errors left by code outside PyMemory
/// (the raw <c>PythonApi</c> layer, another host).
/// </summary>
public unsafe class PythonException : Exception
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

    /// <summary>True when a Python error is pending on this thread (<c>PyErr_Occurred() != NULL</c>).</summary>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static bool IsPending => Gil.Require("PyErr_Occurred").PyErr_Occurred() != 0;

    /// <summary>The Python exception's type name (<c>type(e).__name__</c>).</summary>
    public string PythonTypeName { get; }

    /// <summary>The Python exception's message (<c>str(e)</c>).</summary>
    public string PythonMessage { get; }

    /// <summary>Throws the pending Python error, if there is one, as a <see cref="PythonException"/> carrying the
    /// Python type name and message; the Python error is cleared when it is taken.</summary>
    /// <exception cref="PythonException">A Python error was pending (it is now cleared).</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static void ThrowIfPending()
    {
        PythonApi api = Gil.Require("PyErr_Occurred");
        if (api.PyErr_Occurred() != 0)
        {
            throw TakePending(api, "a previous call");
        }
    }

    /// <summary>Takes the pending Python error as a <see cref="PythonException"/> (for the caller to throw) and
    /// clears it. The caller holds the GIL. With no error pending (a C function that failed without setting one), a
    /// SystemError naming <paramref name="whatFailed"/>.</summary>
    internal static PythonException TakePending(PythonApi api, string whatFailed)
    {
        if (api.PyErr_Occurred() == 0)
        {
            return new PythonException("SystemError", $"{whatFailed} failed without setting a Python exception.");
        }

        nint type = 0, value = 0, traceback = 0;
        api.PyErr_Fetch(&type, &value, &traceback);
        api.PyErr_NormalizeException(&type, &value, &traceback);
        try
        {
            string typeName = PyObjects.TypeName(type) ?? "Exception";
            string message = value == 0 ? "" : (PyObjects.StrOrNull(api, value) ?? "");
            return new PythonException(typeName, message);
        }
        finally
        {
            api.Py_DecRef(type);
            api.Py_DecRef(value);
            api.Py_DecRef(traceback);
            api.PyErr_Clear(); // str() itself may have failed and left an error behind
        }
    }
}
