using PyMemory.Interop;
using PyMemory.Interop.Layouts;

namespace PyMemory;

public static unsafe partial class PyObjects
{
    /// <summary>Creates an empty dict (<c>PyDict_New</c>).</summary>
    /// <returns>The new dict.</returns>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="PythonException">Python could not allocate the dict (MemoryError).</exception>
    public static PyObjectHandle NewDict()
    {
        PythonApi api = Gil.Require("PyDict_New");
        return Own(api, api.PyDict_New(), "PyDict_New");
    }

    /// <summary>Sets <c>dict[key] = value</c>. The dict takes references of its own; both handles stay the caller's.</summary>
    /// <param name="dict">A dict.</param>
    /// <param name="key">A hashable key.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="dict"/> is not a dict.</exception>
    /// <exception cref="ObjectDisposedException">A handle was disposed.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="PythonException">Python refused the store (TypeError for an unhashable key).</exception>
    public static void SetDictItem(PyObjectHandle dict, PyObjectHandle key, PyObjectHandle value)
    {
        ArgumentNullException.ThrowIfNull(dict);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        using HandleUse d = dict.Use("PyDict_SetItem");
        using HandleUse k = key.Use("PyDict_SetItem");
        using HandleUse v = value.Use("PyDict_SetItem");
        RequireType(d, PyTypeFlags.Py_TPFLAGS_DICT_SUBCLASS, "dict", nameof(dict));
        if (d.Api.PyDict_SetItem(d.Pointer, k.Pointer, v.Pointer) != 0)
        {
            throw PythonException.TakePending(d.Api, "PyDict_SetItem");
        }
    }

    /// <summary>Sets <c>dict[key] = value</c> with a str key.</summary>
    /// <param name="dict">A dict.</param>
    /// <param name="key">The key text.</param>
    /// <param name="value">The value; it stays the caller's.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="dict"/> is not a dict, or <paramref name="key"/> is not
    /// valid UTF-16 (a lone surrogate).</exception>
    /// <exception cref="ObjectDisposedException">A handle was disposed.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="PythonException">Python refused the store.</exception>
    public static void SetDictItem(PyObjectHandle dict, string key, PyObjectHandle value)
    {
        ArgumentNullException.ThrowIfNull(key);
        using PyObjectHandle keyObject = FromString(key);
        SetDictItem(dict, keyObject, value);
    }

    /// <summary>Returns <c>dict[key]</c> for a str key, or null when the key is absent.</summary>
    /// <param name="dict">A dict.</param>
    /// <param name="key">The key text; it cannot contain NUL characters.</param>
    /// <returns>A new handle to the value, or null.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="dict"/> is not a dict, or <paramref name="key"/> contains
    /// a NUL character or a lone surrogate.</exception>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    public static PyObjectHandle? GetDictItem(PyObjectHandle dict, string key)
    {
        ArgumentNullException.ThrowIfNull(dict);
        ArgumentNullException.ThrowIfNull(key);
        if (key.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A dict key passed as a C string cannot contain NUL characters.", nameof(key));
        }

        byte[] utf8 = StrictUtf8.GetBytes(key + "\0");
        using HandleUse d = dict.Use("PyDict_GetItemString");
        RequireType(d, PyTypeFlags.Py_TPFLAGS_DICT_SUBCLASS, "dict", nameof(dict));
        fixed (byte* k = utf8)
        {
            nint borrowed = d.Api.PyDict_GetItemString(d.Pointer, k);
            return borrowed == 0 ? null : PyObjectHandle.FromBorrowedReference(borrowed);
        }
    }

    /// <summary>The number of items in a dict (<c>len(dict)</c>).</summary>
    /// <param name="dict">A dict.</param>
    /// <returns>The count.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dict"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="dict"/> is not a dict.</exception>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    public static int DictCount(PyObjectHandle dict)
    {
        ArgumentNullException.ThrowIfNull(dict);
        using HandleUse d = dict.Use("PyDict_Size");
        RequireType(d, PyTypeFlags.Py_TPFLAGS_DICT_SUBCLASS, "dict", nameof(dict));
        return checked((int)d.Api.PyDict_Size(d.Pointer));
    }
}
