using System.Runtime.InteropServices;
using System.Text;
using PyMemory.Interop;

namespace PyMemory;

/// <summary>
/// Creates and reads the Python objects that embedding code needs: lists (pre-sized), dicts, ints, strs and bytes,
/// instances allocated with <c>PyType_GenericAlloc</c>, type objects, and garbage collections.
/// </summary>
/// <remarks>
/// Every method requires the GIL (<see cref="GilScope"/>) and checks it before any native call. Objects come back as
/// <see cref="PyObjectHandle"/>s that own one reference each; arguments stay owned by the caller (reference-stealing
/// C functions are handled here, so a handle passed in is still valid afterwards). Wrong argument types are refused
/// with <see cref="ArgumentException"/> before Python sees them; a Python error becomes a <see cref="PythonException"/>
/// and is cleared. Once the interpreter is finalized every method throws <see cref="InterpreterFinalizedException"/>.
/// </remarks>
public static unsafe class PyObjects
{
    // tp_flags bits (the same in 3.8 to 3.14).
    private const ulong HeapTypeFlag = 1UL << 9;
    private const ulong LongSubclassFlag = 1UL << 24;
    private const ulong ListSubclassFlag = 1UL << 25;
    private const ulong BytesSubclassFlag = 1UL << 27;
    private const ulong UnicodeSubclassFlag = 1UL << 28;
    private const ulong DictSubclassFlag = 1UL << 29;
    private const ulong TypeSubclassFlag = 1UL << 31;

    // PyTypeObject field offsets, in pointer-sized words; the head of the struct is the same in every GIL build 3.8-3.14.
    private const int TpDeallocWord = 6;
    private const int TpBaseWord = 32;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static nint s_classDealloc;

    /// <summary>Creates a list of <paramref name="length"/> empty slots (<c>PyList_New</c>): pre-sized, so filling it
    /// with <see cref="SetListItem"/> never reallocates.</summary>
    /// <remarks>The slots are NULL until set. Fill every slot before Python code sees the list: CPython crashes when
    /// Python code iterates over an unset slot. <see cref="GetListItem"/> refuses unset slots.</remarks>
    /// <param name="length">The number of slots; 0 or more.</param>
    /// <returns>The new list.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="PythonException">Python could not allocate the list (MemoryError).</exception>
    public static PyObjectHandle NewList(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        PythonApi api = Gil.Require("PyList_New");
        return Own(api, api.PyList_New(length), "PyList_New");
    }

    /// <summary>Sets slot <paramref name="index"/> of a list to <paramref name="item"/>, releasing what the slot held.</summary>
    /// <remarks><c>PyList_SetItem</c> steals a reference; this method adds one first, so <paramref name="item"/> stays
    /// valid and owned by the caller, and the list holds its own reference (the item's count rises by one).</remarks>
    /// <param name="list">A list.</param>
    /// <param name="index">The slot, from 0 to the list's length minus 1.</param>
    /// <param name="item">The object to store.</param>
    /// <exception cref="ArgumentNullException"><paramref name="list"/> or <paramref name="item"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="list"/> is not a list.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the list.</exception>
    /// <exception cref="ObjectDisposedException">A handle was disposed.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="PythonException">Python refused the store.</exception>
    public static void SetListItem(PyObjectHandle list, int index, PyObjectHandle item)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(item);
        PythonApi api = list.Enter("PyList_SetItem");
        try
        {
            _ = item.Enter("PyList_SetItem");
            try
            {
                nint l = list.DangerousGetHandle();
                RequireType(api, l, ListSubclassFlag, "list", nameof(list));
                CheckIndex(api.PyList_Size(l), index);
                nint o = item.DangerousGetHandle();
                api.Py_IncRef(o); // the list's own reference: PyList_SetItem steals it (even when it fails)
                if (api.PyList_SetItem(l, index, o) != 0)
                {
                    throw PythonErrors.Take(api, "PyList_SetItem");
                }
            }
            finally
            {
                item.DangerousRelease();
            }
        }
        finally
        {
            list.DangerousRelease();
        }
    }

    /// <summary>Returns the object in slot <paramref name="index"/> of a list, with a reference of its own.</summary>
    /// <param name="list">A list.</param>
    /// <param name="index">The slot, from 0 to the list's length minus 1.</param>
    /// <returns>A new handle to the item (the list keeps its reference).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="list"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="list"/> is not a list.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the list.</exception>
    /// <exception cref="InvalidOperationException">The slot of a pre-sized list was never set.</exception>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    public static PyObjectHandle GetListItem(PyObjectHandle list, int index)
    {
        ArgumentNullException.ThrowIfNull(list);
        PythonApi api = list.Enter("PyList_GetItem");
        try
        {
            nint l = list.DangerousGetHandle();
            RequireType(api, l, ListSubclassFlag, "list", nameof(list));
            CheckIndex(api.PyList_Size(l), index);
            nint borrowed = api.PyList_GetItem(l, index);
            if (borrowed == 0)
            {
                throw new InvalidOperationException($"Slot {index} of this pre-sized list has not been set yet.");
            }

            return PyObjectHandle.FromBorrowedReference(borrowed);
        }
        finally
        {
            list.DangerousRelease();
        }
    }

    /// <summary>The number of slots of a list (<c>len(list)</c>), set or not.</summary>
    /// <param name="list">A list.</param>
    /// <returns>The length.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="list"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="list"/> is not a list.</exception>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    public static int ListCount(PyObjectHandle list)
    {
        ArgumentNullException.ThrowIfNull(list);
        PythonApi api = list.Enter("PyList_Size");
        try
        {
            nint l = list.DangerousGetHandle();
            RequireType(api, l, ListSubclassFlag, "list", nameof(list));
            return checked((int)api.PyList_Size(l));
        }
        finally
        {
            list.DangerousRelease();
        }
    }

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
        PythonApi api = dict.Enter("PyDict_SetItem");
        try
        {
            _ = key.Enter("PyDict_SetItem");
            try
            {
                _ = value.Enter("PyDict_SetItem");
                try
                {
                    nint d = dict.DangerousGetHandle();
                    RequireType(api, d, DictSubclassFlag, "dict", nameof(dict));
                    if (api.PyDict_SetItem(d, key.DangerousGetHandle(), value.DangerousGetHandle()) != 0)
                    {
                        throw PythonErrors.Take(api, "PyDict_SetItem");
                    }
                }
                finally
                {
                    value.DangerousRelease();
                }
            }
            finally
            {
                key.DangerousRelease();
            }
        }
        finally
        {
            dict.DangerousRelease();
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
        PythonApi api = dict.Enter("PyDict_GetItemString");
        try
        {
            nint d = dict.DangerousGetHandle();
            RequireType(api, d, DictSubclassFlag, "dict", nameof(dict));
            fixed (byte* k = utf8)
            {
                nint borrowed = api.PyDict_GetItemString(d, k);
                return borrowed == 0 ? null : PyObjectHandle.FromBorrowedReference(borrowed);
            }
        }
        finally
        {
            dict.DangerousRelease();
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
        PythonApi api = dict.Enter("PyDict_Size");
        try
        {
            nint d = dict.DangerousGetHandle();
            RequireType(api, d, DictSubclassFlag, "dict", nameof(dict));
            return checked((int)api.PyDict_Size(d));
        }
        finally
        {
            dict.DangerousRelease();
        }
    }

    /// <summary>Creates a Python int (<c>PyLong_FromLongLong</c>). Small ints (-5 to 256) are shared objects.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The int.</returns>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="PythonException">Python could not allocate it (MemoryError).</exception>
    public static PyObjectHandle FromInt64(long value)
    {
        PythonApi api = Gil.Require("PyLong_FromLongLong");
        return Own(api, api.PyLong_FromLongLong(value), "PyLong_FromLongLong");
    }

    /// <summary>The value of a Python int (<c>PyLong_AsLongLong</c>).</summary>
    /// <param name="value">An int (or bool).</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not an int.</exception>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="PythonException">The int does not fit in 64 bits (OverflowError).</exception>
    public static long ToInt64(PyObjectHandle value)
    {
        ArgumentNullException.ThrowIfNull(value);
        PythonApi api = value.Enter("PyLong_AsLongLong");
        try
        {
            nint o = value.DangerousGetHandle();
            RequireType(api, o, LongSubclassFlag, "int", nameof(value));
            long result = api.PyLong_AsLongLong(o);
            if (result == -1 && api.PyErr_Occurred() != 0)
            {
                throw PythonErrors.Take(api, "PyLong_AsLongLong");
            }

            return result;
        }
        finally
        {
            value.DangerousRelease();
        }
    }

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

    /// <summary>Copies a Python str into a .NET string. The copy stays valid after the str is released.</summary>
    /// <param name="value">A str.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a str.</exception>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="PythonException">The str has no UTF-8 form (it holds a lone surrogate: UnicodeEncodeError).</exception>
    public static string ReadString(PyObjectHandle value)
    {
        ArgumentNullException.ThrowIfNull(value);
        PythonApi api = value.Enter("PyUnicode_AsUTF8AndSize");
        try
        {
            nint o = value.DangerousGetHandle();
            RequireType(api, o, UnicodeSubclassFlag, "str", nameof(value));
            return PythonErrors.Utf8OrThrow(api, o);
        }
        finally
        {
            value.DangerousRelease();
        }
    }

    /// <summary>Creates a Python bytes object holding a copy of <paramref name="value"/>.</summary>
    /// <param name="value">The bytes.</param>
    /// <returns>The bytes object.</returns>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="PythonException">Python could not allocate it (MemoryError).</exception>
    public static PyObjectHandle FromBytes(ReadOnlySpan<byte> value)
    {
        PythonApi api = Gil.Require("PyBytes_FromStringAndSize");
        fixed (byte* p = value)
        {
            return Own(api, api.PyBytes_FromStringAndSize(p, value.Length), "PyBytes_FromStringAndSize");
        }
    }

    /// <summary>Copies a Python bytes object into a new array.</summary>
    /// <param name="value">A bytes object.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a bytes object.</exception>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="PythonException">Python refused the read.</exception>
    public static byte[] ReadBytes(PyObjectHandle value)
    {
        ArgumentNullException.ThrowIfNull(value);
        PythonApi api = value.Enter("PyBytes_AsStringAndSize");
        try
        {
            nint o = value.DangerousGetHandle();
            RequireType(api, o, BytesSubclassFlag, "bytes", nameof(value));
            byte* buffer;
            nint length;
            if (api.PyBytes_AsStringAndSize(o, &buffer, &length) != 0)
            {
                throw PythonErrors.Take(api, "PyBytes_AsStringAndSize");
            }

            return new ReadOnlySpan<byte>(buffer, checked((int)length)).ToArray();
        }
        finally
        {
            value.DangerousRelease();
        }
    }

    /// <summary>
    /// Allocates an instance of <paramref name="type"/> with <c>PyType_GenericAlloc</c>: zero-filled memory with a
    /// reference count of 1 and its type set, tracked by the garbage collector when the type is a GC type. Nothing
    /// initializes it further (no <c>__new__</c> or <c>__init__</c>).
    /// </summary>
    /// <remarks>
    /// The object is released only by <c>Py_DecRef</c> when the handle is disposed, which runs the type's
    /// <c>tp_dealloc</c> and so its matching <c>tp_free</c> (<c>PyObject_GC_Del</c> for GC types, <c>PyObject_Free</c>
    /// otherwise); it is never freed by hand. Because the memory stays zero, only types whose zero state is a valid
    /// object are accepted: <c>object</c>, <c>list</c> (an empty list), and classes defined in Python (with a
    /// <c>class</c> statement) that derive from them. Other types (dict, str, int, extension types) would crash CPython
    /// on first use and are refused.
    /// </remarks>
    /// <param name="type">The type object.</param>
    /// <param name="itemCount">The number of items for variable-size types (<c>nitems</c>); 0 or more. The accepted
    /// types have no per-item storage, so it does not change the object.</param>
    /// <returns>The new instance.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="type"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="itemCount"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="type"/> is not a type, or its zero-filled instances are not
    /// valid objects.</exception>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="PythonException">Python could not allocate it (MemoryError).</exception>
    public static PyObjectHandle GenericAlloc(PyObjectHandle type, long itemCount = 0)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentOutOfRangeException.ThrowIfNegative(itemCount);
        PythonApi api = type.Enter("PyType_GenericAlloc");
        try
        {
            nint t = type.DangerousGetHandle();
            if ((api.PyType_GetFlags(PyObjectHandle.TypeOf(t)) & TypeSubclassFlag) == 0)
            {
                throw new ArgumentException($"Expected a type object, got an instance of '{PythonErrors.TypeName(PyObjectHandle.TypeOf(t))}'.", nameof(type));
            }

            if (RefusedForGenericAlloc(api, t) is { } refused)
            {
                throw new ArgumentException(
                    $"PyType_GenericAlloc leaves an instance's memory zero, and a zero '{refused}' is not a valid object (CPython would crash on " +
                    "first use). Only object, list and Python classes deriving from them are accepted; create other objects through their constructors.",
                    nameof(type));
            }

            return Own(api, api.PyType_GenericAlloc(t, checked((nint)itemCount)), "PyType_GenericAlloc");
        }
        finally
        {
            type.DangerousRelease();
        }
    }

    /// <summary>The type object of a built-in type, such as <c>list</c> for <see cref="GenericAlloc"/>.</summary>
    /// <param name="type">Which type.</param>
    /// <returns>A new handle to the type object.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a defined value.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    public static PyObjectHandle GetBuiltinType(PythonBuiltinType type)
    {
        PythonApi api = Gil.Require("Py_IncRef");
        nint address = type switch
        {
            PythonBuiltinType.Object => api.PyBaseObject_Type,
            PythonBuiltinType.List => api.PyList_Type,
            PythonBuiltinType.Dict => api.PyDict_Type,
            PythonBuiltinType.Tuple => api.PyTuple_Type,
            PythonBuiltinType.Int => api.PyLong_Type,
            PythonBuiltinType.Str => api.PyUnicode_Type,
            PythonBuiltinType.Bytes => api.PyBytes_Type,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a PythonBuiltinType value."),
        };
        return PyObjectHandle.FromBorrowedReference(address);
    }

    /// <summary>The type of an object (<c>type(o)</c>).</summary>
    /// <param name="value">Any object.</param>
    /// <returns>A new handle to its type object.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    public static PyObjectHandle TypeOf(PyObjectHandle value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _ = value.Enter("Py_TYPE");
        try
        {
            return PyObjectHandle.FromBorrowedReference(PyObjectHandle.TypeOf(value.DangerousGetHandle()));
        }
        finally
        {
            value.DangerousRelease();
        }
    }

    /// <summary>Runs a full garbage collection (<c>gc.collect()</c>, through <c>PyGC_Collect</c>).</summary>
    /// <returns>The number of unreachable objects found; 0 when the collector is disabled (<c>gc.disable()</c>) or
    /// already running.</returns>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    public static long Collect() => Gil.Require("PyGC_Collect").PyGC_Collect();

    private static PyObjectHandle Own(PythonApi api, nint newReference, string functionName) =>
        newReference != 0 ? PyObjectHandle.FromNewReference(newReference) : throw PythonErrors.Take(api, functionName);

    private static void RequireType(PythonApi api, nint o, ulong subclassFlag, string expected, string parameterName)
    {
        nint type = PyObjectHandle.TypeOf(o);
        if ((api.PyType_GetFlags(type) & subclassFlag) == 0)
        {
            throw new ArgumentException($"Expected a '{expected}' object, got '{PythonErrors.TypeName(type)}'.", parameterName);
        }
    }

    private static void CheckIndex(nint length, int index)
    {
        if (index < 0 || index >= length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The list has {length} slots (0 to {length - 1}).");
        }
    }

    /// <summary>Null when zero-filled instances of <paramref name="type"/> are valid objects; otherwise the name of the
    /// type in its base chain that makes them invalid.</summary>
    private static string? RefusedForGenericAlloc(PythonApi api, nint type)
    {
        nint classDealloc = ClassDealloc();
        for (nint t = type; t != 0; t = Marshal.ReadIntPtr(t, TpBaseWord * IntPtr.Size))
        {
            if (t == api.PyBaseObject_Type || t == api.PyList_Type)
            {
                return null;
            }

            // A class statement's type deallocates with subtype_dealloc and keeps its own fields (__dict__, slots)
            // NULL-safe; a static or extension type with its own tp_dealloc may need its constructor.
            bool isPythonClass = (api.PyType_GetFlags(t) & HeapTypeFlag) != 0
                && Marshal.ReadIntPtr(t, TpDeallocWord * IntPtr.Size) == classDealloc;
            if (!isPythonClass)
            {
                return PythonErrors.TypeName(t);
            }
        }

        return PythonErrors.TypeName(type);
    }

    /// <summary>CPython's subtype_dealloc (not exported): the tp_dealloc of every class made by a class statement,
    /// read once from a throw-away class.</summary>
    private static nint ClassDealloc()
    {
        nint known = Volatile.Read(ref s_classDealloc);
        if (known != 0)
        {
            return known;
        }

        using PyObjectHandle probe = PyRun.Eval("type('PyMemoryProbe', (), {})");
        known = Marshal.ReadIntPtr(probe.DangerousGetHandle(), TpDeallocWord * IntPtr.Size);
        Volatile.Write(ref s_classDealloc, known);
        return known;
    }
}
