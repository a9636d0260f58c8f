namespace PyMemory.Tests.Objects;

/// <summary>Hands objects to Python code under unique names in <c>__main__</c> (test classes share one interpreter
/// and run in parallel). The caller holds the GIL.</summary>
internal static class MainModule
{
    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid():N}";

    public static void Set(string name, PyObjectHandle value)
    {
        using PyObjectHandle globals = PyRun.Eval("globals()");
        PyObjects.SetDictItem(globals, name, value);
    }

    public static long EvalInt64(string expression)
    {
        using PyObjectHandle value = PyRun.Eval(expression);
        return PyObjects.ReadInt64(value);
    }
}
