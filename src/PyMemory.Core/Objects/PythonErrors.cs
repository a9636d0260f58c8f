using System.Runtime.InteropServices;
using PyMemory.Interop;

namespace PyMemory;

/// <summary>
/// The one place that turns a pending Python error into a .NET <see cref="PythonException"/> (and clears it). Every
/// PyMemory call that can fail in Python goes through here; <see cref="ThrowIfPending"/> does the same for errors left
/// by code outside PyMemory (the raw layer, another host).
/// </summary>
public static unsafe class PythonErrors
{
    /// <summary>True when a Python error is pending on this thread (<c>PyErr_Occurred() != NULL</c>).</summary>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static bool IsPending => Gil.Require("PyErr_Occurred").PyErr_Occurred() != 0;

    /// <summary>Throws the pending Python error, if there is one, as a <see cref="PythonException"/> carrying the
    /// Python type name and message; the Python error is cleared either way it is taken.</summary>
    /// <exception cref="PythonException">A Python error was pending (it is now cleared).</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static void ThrowIfPending()
    {
        PythonApi api = Gil.Require("PyErr_Occurred");
        if (api.PyErr_Occurred() != 0)
        {
            throw Take(api, "a previous call");
        }
    }

    /// <summary>Takes the pending Python error as a <see cref="PythonException"/> (for the caller to throw) and
    /// clears it. The caller holds the GIL.</summary>
    internal static PythonException Take(PythonApi api, string whatFailed)
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
            string typeName = TypeName(type) ?? "Exception";
            string message = value == 0 ? "" : (Str(api, value) ?? "");
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

    /// <summary>The short name of a type object (tp_name without its module).</summary>
    internal static string? TypeName(nint typeObject)
    {
        if (typeObject == 0)
        {
            return null;
        }

        // PyTypeObject starts with PyObject_VAR_HEAD (refcount, type, size), then tp_name, in every GIL build 3.8-3.14.
        string? name = Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(typeObject, 3 * IntPtr.Size));
        return name?[(name.LastIndexOf('.') + 1)..];
    }

    /// <summary><c>str(o)</c> copied into a .NET string, or null (error cleared) when str fails.</summary>
    internal static string? Str(PythonApi api, nint o)
    {
        nint text = api.PyObject_Str(o);
        if (text == 0)
        {
            api.PyErr_Clear();
            return null;
        }

        try
        {
            return Utf8(api, text);
        }
        finally
        {
            api.Py_DecRef(text);
        }
    }

    /// <summary><c>str(o)</c> copied into a .NET string; a failing str() becomes a <see cref="PythonException"/>.</summary>
    internal static string StrOrThrow(PythonApi api, nint o)
    {
        nint text = api.PyObject_Str(o);
        if (text == 0)
        {
            throw Take(api, "PyObject_Str");
        }

        try
        {
            return Utf8OrThrow(api, text);
        }
        finally
        {
            api.Py_DecRef(text);
        }
    }

    /// <summary>A str object's text copied into a .NET string, or null (error cleared) when it is not a str.</summary>
    internal static string? Utf8(PythonApi api, nint unicode)
    {
        nint size;
        byte* utf8 = api.PyUnicode_AsUTF8AndSize(unicode, &size);
        if (utf8 == null)
        {
            api.PyErr_Clear();
            return null;
        }

        return System.Text.Encoding.UTF8.GetString(utf8, checked((int)size));
    }

    /// <summary>A str object's text copied into a .NET string; failure (such as a lone surrogate, which UTF-8 cannot
    /// encode) becomes a <see cref="PythonException"/>.</summary>
    internal static string Utf8OrThrow(PythonApi api, nint unicode)
    {
        nint size;
        byte* utf8 = api.PyUnicode_AsUTF8AndSize(unicode, &size);
        if (utf8 == null)
        {
            throw Take(api, "PyUnicode_AsUTF8AndSize");
        }

        return System.Text.Encoding.UTF8.GetString(utf8, checked((int)size));
    }
}
