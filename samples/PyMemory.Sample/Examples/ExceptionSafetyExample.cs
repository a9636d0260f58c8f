namespace PyMemory.Sample.Examples;

/// <summary>
/// Exception safety around list and dict creation (the Java API's "exception safety" example): every object is owned
/// by a <c>using</c> handle, so when a step fails half-way (here a Python OverflowError, arriving as a
/// <see cref="PythonException"/>) everything created so far is released, and nothing leaks.
/// </summary>
public static class ExceptionSafetyExample
{
    /// <summary>Runs the example.</summary>
    /// <param name="log">Receives a line per step.</param>
    /// <returns>The shared item's reference count before, inside (held by the list and the dict) and after the failure,
    /// and the Python exception's type name and message.</returns>
    public static (long Before, long Inside, long After, string ErrorType, string ErrorMessage) Run(TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        using GilScope gil = GilScope.Enter();

        using PyObjectHandle item = PyObjects.FromString("shared item");
        long before = item.RefCount;
        long inside = 0;
        try
        {
            using PyObjectHandle list = PyObjects.NewList(10);
            PyObjects.SetListItem(list, 0, item);
            using PyObjectHandle dict = PyObjects.NewDict();
            PyObjects.SetDictItem(dict, "first", item);
            inside = item.RefCount;

            using PyObjectHandle tooBig = PyRun.Eval("2 ** 70");
            _ = PyObjects.ReadInt64(tooBig); // raises OverflowError in Python
            throw new InvalidOperationException("not reached: 2**70 does not fit in a long");
        }
        catch (PythonException e)
        {
            long after = item.RefCount; // the list and the dict are gone, and their references with them
            log.WriteLine($"{e.PythonTypeName}: {e.PythonMessage}; item references {before} -> {inside} -> {after}");
            return (before, inside, after, e.PythonTypeName, e.PythonMessage);
        }
    }
}
