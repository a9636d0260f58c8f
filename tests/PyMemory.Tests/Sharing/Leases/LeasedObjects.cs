namespace PyMemory.Tests.Sharing.Leases;

/// <summary>Python objects for the lease tests, made by Python code under unique names in <c>__main__</c> (the test
/// classes share one interpreter). The caller holds the GIL.</summary>
internal static class LeasedObjects
{
    /// <summary>Evaluates <paramref name="expression"/>, binds it to a fresh name in <c>__main__</c> and returns the
    /// name and the object.</summary>
    public static (string Name, PyObjectHandle Value) Bind(string expression)
    {
        string name = $"leased_{Guid.NewGuid():N}";
        PyRun.Exec($"{name} = {expression}");
        return (name, PyRun.Eval(name));
    }

    /// <summary>Runs Python statements and returns <c>str()</c> of the expression <paramref name="result"/>.</summary>
    public static string Run(string statements, string result)
    {
        PyRun.Exec(statements);
        return PyRun.EvalToString(result);
    }

    public static void Forget(string name) => PyRun.Exec($"del {name}");
}
