namespace PyMemory.Interop.Layouts;

/// <summary>The <c>tp_flags</c> bits PyMemory tests (<c>object.h</c>), under their C names; the same in 3.8 to 3.14.
/// Read the flags with <c>PyType_GetFlags</c>.</summary>
internal static class PyTypeFlags
{
    /// <summary><c>Py_TPFLAGS_HEAPTYPE</c>: the type object was allocated on the heap (a class statement, <c>type()</c>
    /// or <c>PyType_FromSpec</c>).</summary>
    public const ulong Py_TPFLAGS_HEAPTYPE = 1UL << 9;

    /// <summary><c>Py_TPFLAGS_LONG_SUBCLASS</c>: <c>int</c> or a subclass (bool included).</summary>
    public const ulong Py_TPFLAGS_LONG_SUBCLASS = 1UL << 24;

    /// <summary><c>Py_TPFLAGS_LIST_SUBCLASS</c>: <c>list</c> or a subclass.</summary>
    public const ulong Py_TPFLAGS_LIST_SUBCLASS = 1UL << 25;

    /// <summary><c>Py_TPFLAGS_BYTES_SUBCLASS</c>: <c>bytes</c> or a subclass.</summary>
    public const ulong Py_TPFLAGS_BYTES_SUBCLASS = 1UL << 27;

    /// <summary><c>Py_TPFLAGS_UNICODE_SUBCLASS</c>: <c>str</c> or a subclass.</summary>
    public const ulong Py_TPFLAGS_UNICODE_SUBCLASS = 1UL << 28;

    /// <summary><c>Py_TPFLAGS_DICT_SUBCLASS</c>: <c>dict</c> or a subclass.</summary>
    public const ulong Py_TPFLAGS_DICT_SUBCLASS = 1UL << 29;

    /// <summary><c>Py_TPFLAGS_TYPE_SUBCLASS</c>: <c>type</c> or a subclass (the object is a type object).</summary>
    public const ulong Py_TPFLAGS_TYPE_SUBCLASS = 1UL << 31;
}
