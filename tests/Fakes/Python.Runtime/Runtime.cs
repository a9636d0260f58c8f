namespace Python.Runtime;

/// <summary>Stands in for pythonnet's <c>Python.Runtime.Runtime</c>: only the property PyMemory reads.</summary>
public static class Runtime
{
    /// <summary>The libpython path, as pythonnet's property of the same name.</summary>
    public static string? PythonDLL { get; set; }
}
