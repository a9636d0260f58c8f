using PyMemory.Interop;

namespace PyMemory.ChildHost;

/// <summary>Runs one subinterpreter to its end (Py_NewInterpreter / Py_EndInterpreter, as
/// <c>_testcapi.run_in_subinterp</c> does), after which CPython's <c>PyGILState_Check</c> answers 1 on every thread.</summary>
internal static unsafe class Subinterpreter
{
    /// <returns>True when the subinterpreter was created.</returns>
    public static bool RunOnce(PythonApi api)
    {
        using (GilScope.Enter())
        {
            nint main = api.PyThreadState_Swap(0);
            nint sub = api.Py_NewInterpreter();
            api.Py_EndInterpreter(sub);
            _ = api.PyThreadState_Swap(main);
            return sub != 0;
        }
    }
}
