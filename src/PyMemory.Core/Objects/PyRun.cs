using System.Text;
using PyMemory.Interop;

namespace PyMemory;

/// <summary>Runs Python source in the <c>__main__</c> module, for the glue code embedding needs
/// (<c>import gc; gc.collect()</c>, setting up data, checking results).</summary>
public static unsafe class PyRun
{
    /// <summary>Executes statements in <c>__main__</c> (like <c>exec</c>).</summary>
    /// <param name="code">Python statements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is null.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="PythonException">The code raised; the Python error is cleared.</exception>
    public static void Exec(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        PythonApi api = Gil.Require("PyRun_StringFlags");
        nint result = Run(api, code, PythonApi.Py_file_input);
        api.Py_DecRef(result);
    }

    /// <summary>Evaluates one expression in <c>__main__</c> and returns its value.</summary>
    /// <param name="expression">A Python expression.</param>
    /// <returns>An owned reference to the value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="expression"/> is null.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="PythonException">The expression raised; the Python error is cleared.</exception>
    public static PyObjectHandle Eval(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        PythonApi api = Gil.Require("PyRun_StringFlags");
        return PyObjectHandle.FromNewReference(Run(api, expression, PythonApi.Py_eval_input));
    }

    /// <summary>Evaluates one expression and returns <c>str()</c> of its value.</summary>
    /// <param name="expression">A Python expression.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="expression"/> is null.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="PythonException">The expression or its str() raised.</exception>
    public static string EvalToString(string expression)
    {
        using PyObjectHandle value = Eval(expression);
        return PyObjects.Str(PythonRuntime.Api, value.DangerousGetPointer());
    }

    private static nint Run(PythonApi api, string code, int start)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(code + "\0");
        fixed (byte* mainName = "__main__\0"u8)
        fixed (byte* source = utf8)
        {
            // Under allocation failure (fault injection) even looking up __main__ can fail: check each step, because
            // PyModule_GetDict(NULL) and PyRun with NULL globals dereference the pointer.
            nint main = api.PyImport_AddModule(mainName);
            if (main == 0)
            {
                throw PythonException.TakePending(api, "PyImport_AddModule(\"__main__\")");
            }

            nint globals = api.PyModule_GetDict(main);
            if (globals == 0)
            {
                throw PythonException.TakePending(api, "PyModule_GetDict(__main__)");
            }

            nint result = api.PyRun_StringFlags(source, start, globals, globals, 0);
            return result != 0 ? result : throw PythonException.TakePending(api, "PyRun_StringFlags");
        }
    }
}
