namespace PyMemory.Sample.Examples;

/// <summary>
/// Allocating an instance of a type with <c>PyType_GenericAlloc</c>, as the Java API's example does with
/// <c>PyList_Type</c>. The list is GC-tracked and released only through its handle (Py_DecRef, then the type's own
/// tp_dealloc and tp_free), never freed by hand.
/// </summary>
public static class GenericAllocExample
{
    /// <summary>Runs the example.</summary>
    /// <param name="log">Receives a line per step.</param>
    /// <returns>What the new object reports: its type name, reference count, length and str().</returns>
    public static (string TypeName, long RefCount, int Length, string Text) Run(TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        using GilScope gil = GilScope.Enter();

        using PyObjectHandle listType = PyObjects.GetBuiltinType(PythonBuiltinType.List);
        using PyObjectHandle newList = PyObjects.GenericAlloc(listType, itemCount: 0);

        // Zero-filled memory with the type set and one reference: for a list that is a valid empty list.
        (string, long, int, string) result = (newList.TypeName, newList.RefCount, PyObjects.ListCount(newList), newList.ToString());
        log.WriteLine($"PyType_GenericAlloc(list, 0) -> {result}");
        return result;
    }
}
