using System.Text;
using PyMemory.Interop;
using PyMemory.Interop.Layouts;

namespace PyMemory;

public static unsafe partial class PyObjects
{
    /// <summary>Creates a Python str from .NET text (<c>PyUnicode_FromStringAndSize</c> of its UTF-8).</summary>
    /// <param name="value">The text; NUL characters and any Unicode text are kept.</param>
    /// <returns>The str.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not valid UTF-16 (a lone surrogate).</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="PythonException">Python could not create it (MemoryError).</exception>
    public static PyObjectHandle FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        byte[] utf8;
        try
        {
            utf8 = StrictUtf8.GetBytes(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("The text contains a lone surrogate, which has no UTF-8 form.", nameof(value), e);
        }

        PythonApi api = Gil.Require("PyUnicode_FromStringAndSize");
        fixed (byte* p = utf8)
        {
            return Own(api, api.PyUnicode_FromStringAndSize(p, utf8.Length), "PyUnicode_FromStringAndSize");
        }
    }

    /// <summary>Copies a Python str into a .NET string; the counterpart of <see cref="FromString"/>. The copy stays
    /// valid after the str is released.</summary>
    /// <param name="value">A str.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a str.</exception>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="value"/> is empty (never given an object).</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="PythonException">The str has no UTF-8 form (it holds a lone surrogate: UnicodeEncodeError).</exception>
    public static string ReadString(PyObjectHandle value)
    {
        ArgumentNullException.ThrowIfNull(value);
        using HandleUse o = value.Use("PyUnicode_AsUTF8AndSize");
        RequireType(o, PyTypeFlags.Py_TPFLAGS_UNICODE_SUBCLASS, "str", nameof(value));
        return Utf8(o.Api, o.Pointer);
    }

    /// <summary><c>str(o)</c> copied into a .NET string; a failing str() becomes a <see cref="PythonException"/>.
    /// The caller holds the GIL.</summary>
    internal static string Str(PythonApi api, nint o)
    {
        nint text = api.PyObject_Str(o);
        if (text == 0)
        {
            throw PythonException.TakePending(api, "PyObject_Str");
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

    /// <summary><c>str(o)</c> copied into a .NET string, or null (error cleared) when str fails: for describing an
    /// error, where a second error must not replace the first.</summary>
    internal static string? StrOrNull(PythonApi api, nint o)
    {
        nint text = api.PyObject_Str(o);
        if (text == 0)
        {
            api.PyErr_Clear();
            return null;
        }

        try
        {
            return Utf8OrNull(api, text);
        }
        finally
        {
            api.Py_DecRef(text);
        }
    }

    /// <summary>A str object's text copied into a .NET string; failure (such as a lone surrogate, which UTF-8 cannot
    /// encode) becomes a <see cref="PythonException"/>.</summary>
    private static string Utf8(PythonApi api, nint unicode)
    {
        nint size;
        byte* utf8 = api.PyUnicode_AsUTF8AndSize(unicode, &size);
        if (utf8 == null)
        {
            throw PythonException.TakePending(api, "PyUnicode_AsUTF8AndSize");
        }

        return Encoding.UTF8.GetString(utf8, checked((int)size));
    }

    /// <summary>A str object's text copied into a .NET string, or null (error cleared) when it has no UTF-8 form.</summary>
    private static string? Utf8OrNull(PythonApi api, nint unicode)
    {
        nint size;
        byte* utf8 = api.PyUnicode_AsUTF8AndSize(unicode, &size);
        if (utf8 == null)
        {
            api.PyErr_Clear();
            return null;
        }

        return Encoding.UTF8.GetString(utf8, checked((int)size));
    }
}
