using System.Runtime.InteropServices;
using PyMemory.Interop;

namespace PyMemory;

/// <summary>
/// The Python half of cancellation: the exception class a cancelled run raises (<c>pymemory.Cancelled</c>, deriving
/// from <c>BaseException</c> so that <c>except Exception:</c> in user code does not swallow it), and the flush that
/// makes sure a raise asked for but not yet made is made, and cleared, before the next Python code on the thread runs.
/// </summary>
/// <remarks>Both objects are created once, under the GIL, by the first cancellable run, and kept for the life of the
/// interpreter (PyMemory runs one interpreter per process).</remarks>
internal static unsafe class PythonInterrupt
{
    private static nint s_type;
    private static nint s_flushCode;
    private static nint s_flushGlobals;

    /// <summary>The exception class (borrowed; zero until <see cref="EnsureCreated"/> ran).</summary>
    public static nint Type => s_type;

    /// <summary>Creates the exception class and the flush code if this is the first cancellable run. The caller holds
    /// the GIL, which also keeps two first runs from creating them twice.</summary>
    /// <exception cref="PythonException">Python could not create them (<c>MemoryError</c>).</exception>
    public static void EnsureCreated(PythonApi api)
    {
        if (s_flushCode != 0)
        {
            return;
        }

        if (s_type == 0)
        {
            fixed (byte* name = "pymemory.Cancelled\0"u8)
            {
                nint type = api.PyErr_NewException(name, api.PyExc_BaseException, 0);
                s_type = type != 0 ? type : throw PythonException.TakePending(api, "PyErr_NewException");
            }
        }

        if (s_flushGlobals == 0)
        {
            // A namespace of its own: the flush must not depend on __main__ (looking it up can fail) nor change it.
            nint globals = api.PyDict_New();
            s_flushGlobals = globals != 0 ? globals : throw PythonException.TakePending(api, "PyDict_New");
        }

        // A loop, because every supported version checks for pending work (and so raises a pending asynchronous
        // exception) on a backward jump: 3.8-3.9 before nearly every instruction, 3.10 at JUMP_ABSOLUTE, 3.11+ at
        // JUMP_BACKWARD. A comprehension in eval mode binds no name.
        fixed (byte* source = "[0 for _ in (0, 0)]\0"u8)
        fixed (byte* file = "<pymemory-cancel-flush>\0"u8)
        {
            nint code = api.Py_CompileString(source, file, PythonApi.Py_eval_input);
            s_flushCode = code != 0 ? code : throw PythonException.TakePending(api, "Py_CompileString");
        }
    }

    /// <summary>Asks the thread <paramref name="threadId"/> to raise the exception class. The caller holds the GIL and
    /// has checked that the run on that thread is still going.</summary>
    public static void Raise(PythonApi api, CULong threadId) => _ = api.PyThreadState_SetAsyncExc(threadId, s_type);

    /// <summary>Makes a raise that was asked for on this thread but not yet made happen now, in throw-away code, and
    /// clears it, so that it cannot surface in whatever Python code runs next. The caller holds the GIL, has no Python
    /// error pending, and runs on <paramref name="threadId"/>.</summary>
    /// <remarks>Raising it here is preferred to withdrawing the request (<c>SetAsyncExc(id, NULL)</c>): in CPython's
    /// sources (3.10, 3.12) SetAsyncExc signals the eval loop even when it withdraws, and the signal is cleared only
    /// when an asynchronous exception is raised, so a withdrawal leaves later loops taking the slow path. The withdrawal
    /// is kept for when the flush code itself failed before reaching its loop (MemoryError).</remarks>
    public static void Flush(PythonApi api, CULong threadId)
    {
        nint result = api.PyEval_EvalCode(s_flushCode, s_flushGlobals, s_flushGlobals);
        if (result != 0)
        {
            api.Py_DecRef(result); // nothing was pending
            return;
        }

        bool raisedOurs = api.PyErr_Occurred() == s_type;
        api.PyErr_Clear();
        if (!raisedOurs)
        {
            _ = api.PyThreadState_SetAsyncExc(threadId, 0);
        }
    }
}
