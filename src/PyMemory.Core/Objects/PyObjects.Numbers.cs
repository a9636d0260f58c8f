using PyMemory.Interop;
using PyMemory.Interop.Layouts;

namespace PyMemory;

public static unsafe partial class PyObjects
{
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

    /// <summary>Reads the value of a Python int (<c>PyLong_AsLongLong</c>); the counterpart of <see cref="FromInt64"/>.</summary>
    /// <param name="value">An int (or bool).</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not an int.</exception>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="value"/> is empty (never given an object).</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="PythonException">The int does not fit in 64 bits (OverflowError).</exception>
    public static long ReadInt64(PyObjectHandle value)
    {
        ArgumentNullException.ThrowIfNull(value);
        using HandleUse o = value.Use("PyLong_AsLongLong");
        RequireType(o, PyTypeFlags.Py_TPFLAGS_LONG_SUBCLASS, "int", nameof(value));
        long result = o.Api.PyLong_AsLongLong(o.Pointer);
        if (result == -1 && o.Api.PyErr_Occurred() != 0)
        {
            throw PythonException.TakePending(o.Api, "PyLong_AsLongLong");
        }

        return result;
    }
}
