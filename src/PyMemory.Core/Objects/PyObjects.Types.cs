using PyMemory.Interop;
using PyMemory.Interop.Layouts;

namespace PyMemory;

public static unsafe partial class PyObjects
{
    private static nint s_subtypeDealloc;

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
        using HandleUse t = type.Use("PyType_GenericAlloc");
        nint metatype = PyObjectLayout.Py_TYPE(t.Pointer);
        if ((t.Api.PyType_GetFlags(metatype) & PyTypeFlags.Py_TPFLAGS_TYPE_SUBCLASS) == 0)
        {
            throw new ArgumentException($"Expected a type object, got an instance of '{TypeName(metatype)}'.", nameof(type));
        }

        if (RefusedForGenericAlloc(t.Api, t.Pointer) is { } refused)
        {
            throw new ArgumentException(
                $"PyType_GenericAlloc leaves an instance's memory zero, and a zero '{refused}' is not a valid object (CPython would crash on " +
                "first use). Only object, list and Python classes deriving from them are accepted; create other objects through their constructors.",
                nameof(type));
        }

        return Own(t.Api, t.Api.PyType_GenericAlloc(t.Pointer, checked((nint)itemCount)), "PyType_GenericAlloc");
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
        using HandleUse o = value.Use("Py_TYPE");
        return PyObjectHandle.FromBorrowedReference(PyObjectLayout.Py_TYPE(o.Pointer));
    }

    /// <summary>The short name of a type object (<c>tp_name</c> without its module), or null for NULL.</summary>
    internal static string? TypeName(nint typeObject)
    {
        if (typeObject == 0)
        {
            return null;
        }

        string? name = PyTypeObjectLayout.ReadName(typeObject);
        return name?[(name.LastIndexOf('.') + 1)..];
    }

    /// <summary>Null when zero-filled instances of <paramref name="type"/> are valid objects; otherwise the name of the
    /// type in its base chain that makes them invalid.</summary>
    private static string? RefusedForGenericAlloc(PythonApi api, nint type)
    {
        nint subtypeDealloc = SubtypeDealloc();
        for (nint t = type; t != 0; t = PyTypeObjectLayout.ReadBase(t))
        {
            if (t == api.PyBaseObject_Type || t == api.PyList_Type)
            {
                return null;
            }

            // A class statement's type keeps its own fields (__dict__, slots) NULL-safe; a static or extension type
            // with its own tp_dealloc may need its constructor.
            if (!PyTypeObjectLayout.IsClassStatementType(t, api.PyType_GetFlags(t), subtypeDealloc))
            {
                return TypeName(t);
            }
        }

        return TypeName(type);
    }

    /// <summary>CPython's subtype_dealloc (not exported), read once from a throw-away class.</summary>
    private static nint SubtypeDealloc()
    {
        nint known = Volatile.Read(ref s_subtypeDealloc);
        if (known != 0)
        {
            return known;
        }

        using PyObjectHandle probe = PyRun.Eval(PyTypeObjectLayout.SubtypeDeallocProbe);
        known = PyTypeObjectLayout.ReadDealloc(probe.DangerousGetPointer());
        Volatile.Write(ref s_subtypeDealloc, known);
        return known;
    }
}
