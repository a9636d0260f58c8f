namespace PyMemory.Interop;

public unsafe partial class PythonApi
{
    /// <summary><c>PyObject* PyType_GenericAlloc(PyTypeObject *type, Py_ssize_t nitems)</c>: new reference; GC types are tracked.</summary>
    public delegate* unmanaged<nint, nint, nint> PyType_GenericAlloc { get; private set; }

    /// <summary><c>unsigned long PyType_GetFlags(PyTypeObject *type)</c>.</summary>
    public delegate* unmanaged<nint, nuint> PyType_GetFlags { get; private set; }

    /// <summary><c>void Py_IncRef(PyObject*)</c>: NULL-safe.</summary>
    public delegate* unmanaged<nint, void> Py_IncRef { get; private set; }

    /// <summary><c>void Py_DecRef(PyObject*)</c>: NULL-safe.</summary>
    public delegate* unmanaged<nint, void> Py_DecRef { get; private set; }

    /// <summary><c>PyObject* PyList_New(Py_ssize_t len)</c>: new reference with <c>len</c> NULL slots.</summary>
    public delegate* unmanaged<nint, nint> PyList_New { get; private set; }

    /// <summary><c>int PyList_SetItem(PyObject *list, Py_ssize_t i, PyObject *item)</c>: steals <c>item</c>, even on failure.</summary>
    public delegate* unmanaged<nint, nint, nint, int> PyList_SetItem { get; private set; }

    /// <summary><c>PyObject* PyList_GetItem(PyObject *list, Py_ssize_t i)</c>: borrowed reference.</summary>
    public delegate* unmanaged<nint, nint, nint> PyList_GetItem { get; private set; }

    /// <summary><c>Py_ssize_t PyList_Size(PyObject *list)</c>.</summary>
    public delegate* unmanaged<nint, nint> PyList_Size { get; private set; }

    /// <summary><c>PyObject* PyDict_New(void)</c>: new reference.</summary>
    public delegate* unmanaged<nint> PyDict_New { get; private set; }

    /// <summary><c>int PyDict_SetItem(PyObject *dict, PyObject *key, PyObject *value)</c>: does not steal.</summary>
    public delegate* unmanaged<nint, nint, nint, int> PyDict_SetItem { get; private set; }

    /// <summary><c>PyObject* PyDict_GetItemString(PyObject *dict, const char *key)</c>: borrowed reference or NULL.</summary>
    public delegate* unmanaged<nint, byte*, nint> PyDict_GetItemString { get; private set; }

    /// <summary><c>Py_ssize_t PyDict_Size(PyObject *dict)</c>.</summary>
    public delegate* unmanaged<nint, nint> PyDict_Size { get; private set; }

    /// <summary><c>PyObject* PyTuple_New(Py_ssize_t len)</c>: new reference.</summary>
    public delegate* unmanaged<nint, nint> PyTuple_New { get; private set; }

    /// <summary><c>int PyTuple_SetItem(PyObject *tuple, Py_ssize_t i, PyObject *item)</c>: steals <c>item</c>.</summary>
    public delegate* unmanaged<nint, nint, nint, int> PyTuple_SetItem { get; private set; }

    /// <summary><c>PyObject* PyLong_FromLongLong(long long v)</c>: new reference.</summary>
    public delegate* unmanaged<long, nint> PyLong_FromLongLong { get; private set; }

    /// <summary><c>long long PyLong_AsLongLong(PyObject *o)</c>: -1 with an error set on failure.</summary>
    public delegate* unmanaged<nint, long> PyLong_AsLongLong { get; private set; }

    /// <summary><c>PyObject* PyUnicode_FromStringAndSize(const char *utf8, Py_ssize_t size)</c>: new reference.</summary>
    public delegate* unmanaged<byte*, nint, nint> PyUnicode_FromStringAndSize { get; private set; }

    /// <summary><c>const char* PyUnicode_AsUTF8AndSize(PyObject *s, Py_ssize_t *size)</c>: buffer owned by the str.</summary>
    public delegate* unmanaged<nint, nint*, byte*> PyUnicode_AsUTF8AndSize { get; private set; }

    /// <summary><c>PyObject* PyBytes_FromStringAndSize(const char *v, Py_ssize_t len)</c>: new reference (copies).</summary>
    public delegate* unmanaged<byte*, nint, nint> PyBytes_FromStringAndSize { get; private set; }

    /// <summary><c>int PyBytes_AsStringAndSize(PyObject *o, char **buffer, Py_ssize_t *length)</c>.</summary>
    public delegate* unmanaged<nint, byte**, nint*, int> PyBytes_AsStringAndSize { get; private set; }

    /// <summary><c>PyObject* PyObject_Str(PyObject *o)</c>: new reference.</summary>
    public delegate* unmanaged<nint, nint> PyObject_Str { get; private set; }

    /// <summary><c>PyObject* PyObject_GetAttrString(PyObject *o, const char *name)</c>: new reference.</summary>
    public delegate* unmanaged<nint, byte*, nint> PyObject_GetAttrString { get; private set; }

    /// <summary><c>PyObject* PyObject_CallObject(PyObject *callable, PyObject *args)</c>: new reference; args may be NULL.</summary>
    public delegate* unmanaged<nint, nint, nint> PyObject_CallObject { get; private set; }

    /// <summary><c>PyObject* PyImport_ImportModule(const char *name)</c>: new reference.</summary>
    public delegate* unmanaged<byte*, nint> PyImport_ImportModule { get; private set; }

    /// <summary><c>PyObject* PyImport_AddModule(const char *name)</c>: borrowed reference.</summary>
    public delegate* unmanaged<byte*, nint> PyImport_AddModule { get; private set; }

    /// <summary><c>PyObject* PyModule_GetDict(PyObject *module)</c>: borrowed reference.</summary>
    public delegate* unmanaged<nint, nint> PyModule_GetDict { get; private set; }

    /// <summary><c>PyObject* PyRun_StringFlags(const char *str, int start, PyObject *globals, PyObject *locals, PyCompilerFlags *flags)</c>.</summary>
    public delegate* unmanaged<byte*, int, nint, nint, nint, nint> PyRun_StringFlags { get; private set; }

    /// <summary><c>Py_file_input</c> (257, <c>compile.h</c>): the <c>start</c> of <see cref="PyRun_StringFlags"/> for
    /// a sequence of statements (what <c>exec</c> runs).</summary>
    internal const int Py_file_input = 257;

    /// <summary><c>Py_eval_input</c> (258, <c>compile.h</c>): the <c>start</c> of <see cref="PyRun_StringFlags"/> for
    /// one expression (what <c>eval</c> runs).</summary>
    internal const int Py_eval_input = 258;

    /// <summary><c>PyObject* PySys_GetObject(const char *name)</c>: borrowed reference or NULL.</summary>
    public delegate* unmanaged<byte*, nint> PySys_GetObject { get; private set; }

    /// <summary><c>Py_ssize_t PyGC_Collect(void)</c>: a full collection; the number of unreachable objects found.</summary>
    public delegate* unmanaged<nint> PyGC_Collect { get; private set; }

    /// <summary>Address of <c>PyList_Type</c>.</summary>
    public nint PyList_Type { get; private set; }

    /// <summary>Address of <c>PyDict_Type</c>.</summary>
    public nint PyDict_Type { get; private set; }

    /// <summary>Address of <c>PyLong_Type</c>.</summary>
    public nint PyLong_Type { get; private set; }

    /// <summary>Address of <c>PyUnicode_Type</c>.</summary>
    public nint PyUnicode_Type { get; private set; }

    /// <summary>Address of <c>PyBytes_Type</c>.</summary>
    public nint PyBytes_Type { get; private set; }

    /// <summary>Address of <c>PyTuple_Type</c>.</summary>
    public nint PyTuple_Type { get; private set; }

    /// <summary>Address of <c>PyBaseObject_Type</c> (<c>object</c>).</summary>
    public nint PyBaseObject_Type { get; private set; }

    /// <summary>Address of <c>_Py_NoneStruct</c> (<c>None</c>).</summary>
    public nint Py_None { get; private set; }

    private void BindObjects(Binder b)
    {
        PyType_GenericAlloc = (delegate* unmanaged<nint, nint, nint>)b.Required("PyType_GenericAlloc");
        PyType_GetFlags = (delegate* unmanaged<nint, nuint>)b.Required("PyType_GetFlags");
        Py_IncRef = (delegate* unmanaged<nint, void>)b.Required("Py_IncRef");
        Py_DecRef = (delegate* unmanaged<nint, void>)b.Required("Py_DecRef");
        PyList_New = (delegate* unmanaged<nint, nint>)b.Required("PyList_New");
        PyList_SetItem = (delegate* unmanaged<nint, nint, nint, int>)b.Required("PyList_SetItem");
        PyList_GetItem = (delegate* unmanaged<nint, nint, nint>)b.Required("PyList_GetItem");
        PyList_Size = (delegate* unmanaged<nint, nint>)b.Required("PyList_Size");
        PyDict_New = (delegate* unmanaged<nint>)b.Required("PyDict_New");
        PyDict_SetItem = (delegate* unmanaged<nint, nint, nint, int>)b.Required("PyDict_SetItem");
        PyDict_GetItemString = (delegate* unmanaged<nint, byte*, nint>)b.Required("PyDict_GetItemString");
        PyDict_Size = (delegate* unmanaged<nint, nint>)b.Required("PyDict_Size");
        PyTuple_New = (delegate* unmanaged<nint, nint>)b.Required("PyTuple_New");
        PyTuple_SetItem = (delegate* unmanaged<nint, nint, nint, int>)b.Required("PyTuple_SetItem");
        PyLong_FromLongLong = (delegate* unmanaged<long, nint>)b.Required("PyLong_FromLongLong");
        PyLong_AsLongLong = (delegate* unmanaged<nint, long>)b.Required("PyLong_AsLongLong");
        PyUnicode_FromStringAndSize = (delegate* unmanaged<byte*, nint, nint>)b.Required("PyUnicode_FromStringAndSize");
        PyUnicode_AsUTF8AndSize = (delegate* unmanaged<nint, nint*, byte*>)b.Required("PyUnicode_AsUTF8AndSize");
        PyBytes_FromStringAndSize = (delegate* unmanaged<byte*, nint, nint>)b.Required("PyBytes_FromStringAndSize");
        PyBytes_AsStringAndSize = (delegate* unmanaged<nint, byte**, nint*, int>)b.Required("PyBytes_AsStringAndSize");
        PyObject_Str = (delegate* unmanaged<nint, nint>)b.Required("PyObject_Str");
        PyObject_GetAttrString = (delegate* unmanaged<nint, byte*, nint>)b.Required("PyObject_GetAttrString");
        PyObject_CallObject = (delegate* unmanaged<nint, nint, nint>)b.Required("PyObject_CallObject");
        PyImport_ImportModule = (delegate* unmanaged<byte*, nint>)b.Required("PyImport_ImportModule");
        PyImport_AddModule = (delegate* unmanaged<byte*, nint>)b.Required("PyImport_AddModule");
        PyModule_GetDict = (delegate* unmanaged<nint, nint>)b.Required("PyModule_GetDict");
        PyRun_StringFlags = (delegate* unmanaged<byte*, int, nint, nint, nint, nint>)b.Required("PyRun_StringFlags");
        PySys_GetObject = (delegate* unmanaged<byte*, nint>)b.Required("PySys_GetObject");
        PyGC_Collect = (delegate* unmanaged<nint>)b.Required("PyGC_Collect");
        PyList_Type = b.Required("PyList_Type");
        PyDict_Type = b.Required("PyDict_Type");
        PyLong_Type = b.Required("PyLong_Type");
        PyUnicode_Type = b.Required("PyUnicode_Type");
        PyBytes_Type = b.Required("PyBytes_Type");
        PyTuple_Type = b.Required("PyTuple_Type");
        PyBaseObject_Type = b.Required("PyBaseObject_Type");
        Py_None = b.Required("_Py_NoneStruct");
    }
}
