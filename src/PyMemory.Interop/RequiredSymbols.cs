namespace PyMemory.Interop;

/// <summary>
/// The C symbols (functions and data) PyMemory cannot work without: the one list. The loader checks a candidate
/// library against it before opening it for good (<see cref="Loading.LibraryInspector"/>), and
/// <see cref="PythonApi"/> binds a symbol as required only if it is listed here, so the two cannot drift apart.
/// Symbols that some supported versions lack are bound as optional instead and are not listed.
/// </summary>
internal static class RequiredSymbols
{
    /// <summary>Every required symbol, under its current name, grouped as PythonApi's partial files bind them.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        // PythonApi.RawMemory, Memory, ObjectMemory
        "PyMem_RawMalloc", "PyMem_RawCalloc", "PyMem_RawRealloc", "PyMem_RawFree",
        "PyMem_Malloc", "PyMem_Calloc", "PyMem_Realloc", "PyMem_Free",
        "PyObject_Malloc", "PyObject_Calloc", "PyObject_Realloc", "PyObject_Free",

        // PythonApi.Allocators
        "PyMem_GetAllocator", "PyMem_SetAllocator", "PyObject_GetArenaAllocator", "PyObject_SetArenaAllocator",
        "PyMem_SetupDebugHooks",

        // PythonApi.ThreadState
        "PyGILState_Ensure", "PyGILState_Release", "PyGILState_Check", "PyGILState_GetThisThreadState",
        "PyEval_SaveThread", "PyEval_RestoreThread", "PyThreadState_GetUnchecked", "PyThreadState_Swap",
        "Py_NewInterpreter", "Py_EndInterpreter",

        // PythonApi.Lifecycle
        "Py_GetVersion", "Py_IsInitialized", "Py_PreInitialize", "Py_InitializeEx", "Py_FinalizeEx", "Py_IsFinalizing", "PyRun_SimpleStringFlags",

        // PythonApi.Tracemalloc
        "PyTraceMalloc_Track", "PyTraceMalloc_Untrack",

        // PythonApi.Errors
        "PyErr_Occurred", "PyErr_Fetch", "PyErr_NormalizeException", "PyErr_Clear", "PyErr_NoMemory", "PyErr_SetString",
        "PyExc_MemoryError", "PyExc_RuntimeError",

        // PythonApi.Objects
        "PyType_GenericAlloc", "PyType_GetFlags", "Py_IncRef", "Py_DecRef",
        "PyList_New", "PyList_SetItem", "PyList_GetItem", "PyList_Size",
        "PyDict_New", "PyDict_SetItem", "PyDict_GetItemString", "PyDict_Size",
        "PyTuple_New", "PyTuple_SetItem", "PyLong_FromLongLong", "PyLong_AsLongLong",
        "PyUnicode_FromStringAndSize", "PyUnicode_AsUTF8AndSize", "PyBytes_FromStringAndSize", "PyBytes_AsStringAndSize",
        "PyObject_Str", "PyObject_GetAttrString", "PyObject_CallObject",
        "PyImport_ImportModule", "PyImport_AddModule", "PyModule_GetDict", "PyRun_StringFlags", "PySys_GetObject",
        "PyGC_Collect",
        "PyList_Type", "PyDict_Type", "PyLong_Type", "PyUnicode_Type", "PyBytes_Type", "PyTuple_Type", "PyBaseObject_Type",
        "_Py_NoneStruct",

        // PythonApi.Code
        "Py_CompileString", "PyEval_EvalCode", "PyCallable_Check", "PyCode_Type",

        // PythonApi.Frames
        "PyFrame_GetLineNumber", "PyErr_Restore",

        // PythonApi.Interrupts
        "PyThreadState_SetAsyncExc", "PyThread_get_thread_ident", "PyErr_NewException", "PyExc_BaseException",

        // PythonApi.Exports
        "PyType_FromSpec", "PyMemoryView_FromMemory", "PyExc_BufferError",
    ];

    /// <summary>Names under which older versions export a required symbol that was renamed (3.13 made these public).</summary>
    private static readonly Dictionary<string, string[]> FormerNames = new(StringComparer.Ordinal)
    {
        ["Py_IsFinalizing"] = ["_Py_IsFinalizing"],
        ["PyThreadState_GetUnchecked"] = ["_PyThreadState_UncheckedGet"],
    };

    private static readonly HashSet<string> NameSet = new(Names, StringComparer.Ordinal);

    /// <summary>True when <paramref name="name"/> is a required symbol (under its current name).</summary>
    public static bool Contains(string name) => NameSet.Contains(name);

    /// <summary>The required symbols that <paramref name="exports"/> finds under none of their names.</summary>
    /// <param name="exports">Whether the library exports a C name.</param>
    /// <returns>The missing symbols' current names, in the list's order; empty when none is missing.</returns>
    public static List<string> MissingFrom(Func<string, bool> exports) =>
        Names.Where(name => !exports(name) && !(FormerNames.TryGetValue(name, out string[]? former) && former.Any(exports)))
            .ToList();
}
