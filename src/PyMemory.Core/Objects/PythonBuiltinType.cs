namespace PyMemory;

/// <summary>Built-in Python types whose type objects <see cref="PyObjects.GetBuiltinType"/> hands out.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name",
    Justification = "The members are Python's own type names (object, int), which is what a reader looks for.")]
public enum PythonBuiltinType
{
    /// <summary><c>object</c> (<c>PyBaseObject_Type</c>).</summary>
    Object = 0,

    /// <summary><c>list</c> (<c>PyList_Type</c>).</summary>
    List = 1,

    /// <summary><c>dict</c> (<c>PyDict_Type</c>).</summary>
    Dict = 2,

    /// <summary><c>tuple</c> (<c>PyTuple_Type</c>).</summary>
    Tuple = 3,

    /// <summary><c>int</c> (<c>PyLong_Type</c>).</summary>
    Int = 4,

    /// <summary><c>str</c> (<c>PyUnicode_Type</c>).</summary>
    Str = 5,

    /// <summary><c>bytes</c> (<c>PyBytes_Type</c>).</summary>
    Bytes = 6,
}
