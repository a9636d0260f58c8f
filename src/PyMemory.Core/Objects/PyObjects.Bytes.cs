using PyMemory.Interop;
using PyMemory.Interop.Layouts;

namespace PyMemory;

public static unsafe partial class PyObjects
{
    /// <summary>Creates a Python bytes object holding a copy of <paramref name="value"/>: one copy, straight from the
    /// span's memory into the new object (no intermediate array).</summary>
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

    /// <summary>Creates a Python bytearray holding a copy of <paramref name="value"/>: one copy, straight from the
    /// span's memory into the new object (no intermediate array). Lease it writable
    /// (<see cref="PyBufferLease.EnterWritable"/>) to change it in place from .NET.</summary>
    /// <param name="value">The bytes.</param>
    /// <returns>The bytearray.</returns>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="PythonException">Python could not allocate it (MemoryError).</exception>
    public static PyObjectHandle FromByteArray(ReadOnlySpan<byte> value)
    {
        PythonApi api = Gil.Require("PyByteArray_FromStringAndSize");
        fixed (byte* p = value)
        {
            return Own(api, api.PyByteArray_FromStringAndSize(p, value.Length), "PyByteArray_FromStringAndSize");
        }
    }

    /// <summary>Copies a Python bytes object into a new array; the counterpart of <see cref="FromBytes"/>. To read any
    /// buffer (bytearray, memoryview, numpy...) without a copy, lease it (<see cref="PyBufferLease.Enter"/>).</summary>
    /// <param name="value">A bytes object.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a bytes object.</exception>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="value"/> is empty (never given an object).</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="PythonException">Python refused the read.</exception>
    public static byte[] ReadBytes(PyObjectHandle value)
    {
        ArgumentNullException.ThrowIfNull(value);
        using HandleUse o = value.Use("PyBytes_AsStringAndSize");
        RequireType(o, PyTypeFlags.Py_TPFLAGS_BYTES_SUBCLASS, "bytes", nameof(value));
        byte* buffer;
        nint length;
        if (o.Api.PyBytes_AsStringAndSize(o.Pointer, &buffer, &length) != 0)
        {
            throw PythonException.TakePending(o.Api, "PyBytes_AsStringAndSize");
        }

        return new ReadOnlySpan<byte>(buffer, checked((int)length)).ToArray();
    }
}
