namespace PyMemory.Sample.Examples;

/// <summary>
/// Copying a Python str out to a .NET string (the Java API's "Python -> Java: copy data before the Python object is
/// freed"): <see cref="PyObjects.ReadString"/> copies, so the .NET string outlives the Python object.
/// </summary>
public static class StringCopyExample
{
    /// <summary>The Python expression whose value is copied out.</summary>
    public const string Expression = "'naïve café — Ωμέγα — 日本語 — 🐍'.upper()";

    /// <summary>Runs the example.</summary>
    /// <param name="log">Receives a line per step.</param>
    /// <returns>The copied text and its length in Python characters (code points).</returns>
    public static (string Text, long PythonLength) Run(TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        using GilScope gil = GilScope.Enter();

        string text;
        long pythonLength;
        using (PyObjectHandle value = PyRun.Eval(Expression))
        {
            text = PyObjects.ReadString(value);
            using PyObjectHandle length = PyRun.Eval($"len({Expression})");
            pythonLength = PyObjects.ReadInt64(length);
        }

        // The str is released; the copy is ours.
        log.WriteLine($"copied {text.Length} UTF-16 units ({pythonLength} code points): {text}");
        return (text, pythonLength);
    }
}
