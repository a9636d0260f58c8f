using PyMemory.Tests.Objects;

namespace PyMemory.Tests.Sharing.Exports;

/// <summary>
/// Asks an object for a buffer the way C code does, with any PyBUF flags: Python code that calls
/// <c>PyObject_GetBuffer</c> and <c>PyBuffer_Release</c> through ctypes (so the test does not depend on the
/// exporter's own code to make the request) and answers what the <c>Py_buffer</c> held, or the error raised. The
/// caller holds the GIL.
/// </summary>
internal static class BufferProbe
{
    public const int Simple = 0;
    public const int Writable = 0x0001;
    public const int Format = 0x0004;
    public const int ND = 0x0008;
    public const int Strides = 0x0010 | ND;
    public const int CContiguous = 0x0020 | Strides;
    public const int FContiguous = 0x0040 | Strides;
    public const int AnyContiguous = 0x0080 | Strides;
    public const int FullReadOnly = 0x0100 | Strides | Format;

    private static readonly Lazy<string> Function = new(Define);

    /// <summary>The request's outcome: <c>(len, itemsize, readonly, ndim, format, shape, strides, suboffsets)</c>, with
    /// None for NULL pointers, or <c>BufferError: message</c>.</summary>
    public static string Request(string objectName, int flags) => PyRun.EvalToString($"{Function.Value}({objectName}, {flags})[0]");

    /// <summary>The buffer's address (<c>buf</c>) as a PyBUF_SIMPLE request returns it.</summary>
    public static long Address(string objectName) => MainModule.EvalInt64($"{Function.Value}({objectName}, 0)[1]");

    private static string Define()
    {
        string name = MainModule.UniqueName("buffer_probe");
        PyRun.Exec($$"""
            def {{name}}(obj, flags):
                import ctypes
                class Py_buffer(ctypes.Structure):
                    _fields_ = [('buf', ctypes.c_void_p), ('obj', ctypes.c_void_p), ('len', ctypes.c_ssize_t),
                                ('itemsize', ctypes.c_ssize_t), ('readonly', ctypes.c_int), ('ndim', ctypes.c_int),
                                ('format', ctypes.c_char_p), ('shape', ctypes.POINTER(ctypes.c_ssize_t)),
                                ('strides', ctypes.POINTER(ctypes.c_ssize_t)), ('suboffsets', ctypes.POINTER(ctypes.c_ssize_t)),
                                ('internal', ctypes.c_void_p)]
                get = ctypes.pythonapi.PyObject_GetBuffer
                get.argtypes = [ctypes.py_object, ctypes.POINTER(Py_buffer), ctypes.c_int]
                get.restype = ctypes.c_int
                release = ctypes.pythonapi.PyBuffer_Release
                release.argtypes = [ctypes.POINTER(Py_buffer)]
                release.restype = None
                view = Py_buffer()
                try:
                    get(obj, ctypes.byref(view), flags)
                except BufferError as e:
                    return ('BufferError: ' + str(e), 0)
                try:
                    def dims(p):
                        return None if not p else tuple(p[i] for i in range(view.ndim))
                    fmt = None if view.format is None else view.format.decode()
                    described = (view.len, view.itemsize, view.readonly, view.ndim, fmt, dims(view.shape), dims(view.strides),
                                 None if not view.suboffsets else 'set')
                    return (str(described), view.buf or 0)
                finally:
                    release(ctypes.byref(view))
            """);
        return name;
    }
}
