using System.Text;
using PyMemory.Interop;
using PyMemory.Interop.Layouts;

namespace PyMemory;

/// <summary>Runs Python source in the <c>__main__</c> module, for the glue code embedding needs
/// (<c>import gc; gc.collect()</c>, setting up data, checking results), and runs compiled code and calls functions.</summary>
/// <remarks>
/// <see cref="Compile"/>, <see cref="Exec(PyObjectHandle)"/> and <see cref="Call(PyObjectHandle)"/> separate compiling
/// from running, so that a fault or budget window can cover only the run: CPython's compiler has crash bugs on some
/// out-of-memory paths (docs/out-of-memory.md), so compile first, then arm the fault, then run or call.
/// <para>Every run has a cancellable form, with a <see cref="CancellationToken"/> and optionally a timeout
/// (docs/cancellation.md): cancelling raises <c>pymemory.Cancelled</c> (a <c>BaseException</c>) in the running code the
/// next time it checks for pending work, and the caller gets <see cref="OperationCanceledException"/> carrying the
/// token, or <see cref="TimeoutException"/> when the timeout passed. The GIL stays held by the caller's scope as for any
/// other exception; the interpreter keeps working. Code blocked in C (<c>time.sleep</c>, a blocking read, a long C
/// loop) is interrupted only when it returns to Python code.</para>
/// </remarks>
public static unsafe class PyRun
{
    /// <summary>Executes statements in <c>__main__</c> (like <c>exec</c>).</summary>
    /// <param name="code">Python statements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="code"/> contains a NUL character (a C string would end
    /// there, and only the code before it would run).</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="PythonException">The code raised; the Python error is cleared.</exception>
    public static void Exec(string code) => Exec(code, Timeout.InfiniteTimeSpan, CancellationToken.None);

    /// <summary>Executes statements in <c>__main__</c> (like <c>exec</c>), interrupted when
    /// <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="code">Python statements.</param>
    /// <param name="cancellationToken">Cancels the run: checked before it starts (then nothing runs), and during it
    /// raises <c>pymemory.Cancelled</c> in the running code.</param>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="code"/> contains a NUL character.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the run
    /// or ended it; its <see cref="OperationCanceledException.CancellationToken"/> is that token, and its inner
    /// exception, if any, is the Python exception the code turned the interruption into.</exception>
    /// <exception cref="PythonException">The code raised; the Python error is cleared.</exception>
    public static void Exec(string code, CancellationToken cancellationToken) => Exec(code, Timeout.InfiniteTimeSpan, cancellationToken);

    /// <summary>Executes statements in <c>__main__</c> (like <c>exec</c>), interrupted when
    /// <paramref name="timeout"/> passes or <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="code">Python statements.</param>
    /// <param name="timeout">How long the code may run; <see cref="TimeSpan.Zero"/> times out before it starts,
    /// <see cref="Timeout.InfiniteTimeSpan"/> never.</param>
    /// <param name="cancellationToken">Cancels the run, as in <see cref="Exec(string, CancellationToken)"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="code"/> contains a NUL character.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative and not infinite, or above
    /// <see cref="int.MaxValue"/> milliseconds.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="TimeoutException"><paramref name="timeout"/> passed and the interruption ended the run.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the run
    /// or ended it.</exception>
    /// <exception cref="PythonException">The code raised; the Python error is cleared.</exception>
    public static void Exec(string code, TimeSpan timeout, CancellationToken cancellationToken)
    {
        byte[] source = Utf8Z(code, nameof(code));
        CancellableRun.CheckTimeout(timeout, nameof(timeout));
        PythonApi api = Gil.Require("PyRun_StringFlags");
        nint result = Run(api, source, PythonApi.Py_file_input, timeout, cancellationToken);
        api.Py_DecRef(result);
    }

    /// <summary>Evaluates one expression in <c>__main__</c> and returns its value.</summary>
    /// <param name="expression">A Python expression.</param>
    /// <returns>An owned reference to the value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="expression"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="expression"/> contains a NUL character.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="PythonException">The expression raised; the Python error is cleared.</exception>
    public static PyObjectHandle Eval(string expression) => Eval(expression, Timeout.InfiniteTimeSpan, CancellationToken.None);

    /// <summary>Evaluates one expression in <c>__main__</c> and returns its value, interrupted when
    /// <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="expression">A Python expression.</param>
    /// <param name="cancellationToken">Cancels the run, as in <see cref="Exec(string, CancellationToken)"/>.</param>
    /// <returns>An owned reference to the value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="expression"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="expression"/> contains a NUL character.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the run
    /// or ended it.</exception>
    /// <exception cref="PythonException">The expression raised; the Python error is cleared.</exception>
    public static PyObjectHandle Eval(string expression, CancellationToken cancellationToken) =>
        Eval(expression, Timeout.InfiniteTimeSpan, cancellationToken);

    /// <summary>Evaluates one expression in <c>__main__</c> and returns its value, interrupted when
    /// <paramref name="timeout"/> passes or <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="expression">A Python expression.</param>
    /// <param name="timeout">How long the expression may run (zero: times out before it starts; infinite: never).</param>
    /// <param name="cancellationToken">Cancels the run, as in <see cref="Exec(string, CancellationToken)"/>.</param>
    /// <returns>An owned reference to the value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="expression"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="expression"/> contains a NUL character.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative and not infinite, or above
    /// <see cref="int.MaxValue"/> milliseconds.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="TimeoutException"><paramref name="timeout"/> passed and the interruption ended the run.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the run
    /// or ended it.</exception>
    /// <exception cref="PythonException">The expression raised; the Python error is cleared.</exception>
    public static PyObjectHandle Eval(string expression, TimeSpan timeout, CancellationToken cancellationToken)
    {
        byte[] source = Utf8Z(expression, nameof(expression));
        CancellableRun.CheckTimeout(timeout, nameof(timeout));
        PythonApi api = Gil.Require("PyRun_StringFlags");
        return PyObjectHandle.FromNewReference(Run(api, source, PythonApi.Py_eval_input, timeout, cancellationToken));
    }

    /// <summary>Evaluates one expression and returns <c>str()</c> of its value.</summary>
    /// <param name="expression">A Python expression.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="expression"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="expression"/> contains a NUL character.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="PythonException">The expression or its str() raised.</exception>
    public static string EvalToString(string expression)
    {
        using PyObjectHandle value = Eval(expression);
        return PyObjects.Str(PythonRuntime.Api, value.DangerousGetPointer());
    }

    /// <summary>Compiles statements (like <c>compile(source, fileName, "exec")</c>) into a code object, for
    /// <see cref="Exec(PyObjectHandle)"/>. Nothing runs: a <c>def</c> in the source defines its function only when the
    /// code object is executed.</summary>
    /// <param name="source">Python statements.</param>
    /// <param name="fileName">The file name tracebacks and the code object's <c>co_filename</c> show.</param>
    /// <returns>An owned reference to the code object.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="fileName"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="source"/> or <paramref name="fileName"/> contains a NUL
    /// character (C strings would silently end there).</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="PythonException">The source does not compile (<c>SyntaxError</c>, <c>IndentationError</c>), or
    /// memory ran out (<c>MemoryError</c>); the Python error is cleared.</exception>
    public static PyObjectHandle Compile(string source, string fileName = "<string>")
    {
        byte[] utf8Source = Utf8Z(source, nameof(source));
        byte[] utf8FileName = Utf8Z(fileName, nameof(fileName));
        PythonApi api = Gil.Require("Py_CompileString");
        fixed (byte* s = utf8Source)
        fixed (byte* f = utf8FileName)
        {
            nint code = api.Py_CompileString(s, f, PythonApi.Py_file_input);
            return code != 0 ? PyObjectHandle.FromNewReference(code) : throw PythonException.TakePending(api, "Py_CompileString");
        }
    }

    /// <summary>Runs a code object from <see cref="Compile"/> in <c>__main__</c>'s namespace (like <c>exec(code)</c>):
    /// the names it defines or changes are <c>__main__</c>'s.</summary>
    /// <param name="code">A code object.</param>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="code"/> is not a code object.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="code"/> was disposed.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="code"/> is empty (never assigned).</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="PythonException">The code raised; the Python error is cleared.</exception>
    public static void Exec(PyObjectHandle code) => Exec(code, Timeout.InfiniteTimeSpan, CancellationToken.None);

    /// <summary>Runs a code object from <see cref="Compile"/> in <c>__main__</c>'s namespace, interrupted when
    /// <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="code">A code object.</param>
    /// <param name="cancellationToken">Cancels the run, as in <see cref="Exec(string, CancellationToken)"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="code"/> is not a code object.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="code"/> was disposed.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="code"/> is empty (never assigned).</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the run
    /// or ended it.</exception>
    /// <exception cref="PythonException">The code raised; the Python error is cleared.</exception>
    public static void Exec(PyObjectHandle code, CancellationToken cancellationToken) => Exec(code, Timeout.InfiniteTimeSpan, cancellationToken);

    /// <summary>Runs a code object from <see cref="Compile"/> in <c>__main__</c>'s namespace, interrupted when
    /// <paramref name="timeout"/> passes or <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="code">A code object.</param>
    /// <param name="timeout">How long the code may run (zero: times out before it starts; infinite: never).</param>
    /// <param name="cancellationToken">Cancels the run, as in <see cref="Exec(string, CancellationToken)"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="code"/> is not a code object.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative and not infinite, or above
    /// <see cref="int.MaxValue"/> milliseconds.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="code"/> was disposed.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="code"/> is empty (never assigned).</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="TimeoutException"><paramref name="timeout"/> passed and the interruption ended the run.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the run
    /// or ended it.</exception>
    /// <exception cref="PythonException">The code raised; the Python error is cleared.</exception>
    public static void Exec(PyObjectHandle code, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        CancellableRun.CheckTimeout(timeout, nameof(timeout));
        using HandleUse c = code.Use("PyEval_EvalCode");
        nint type = PyObjectLayout.Py_TYPE(c.Pointer);
        if (type != c.Api.PyCode_Type)
        {
            throw new ArgumentException($"Expected a code object (from PyRun.Compile), got '{PyObjects.TypeName(type)}'.", nameof(code));
        }

        nint globals = MainGlobals(c.Api);
        nint result = CancellableRun.Run(c.Api, &InvokeCode, c.Pointer, globals, 0, "PyEval_EvalCode", timeout, cancellationToken);
        c.Api.Py_DecRef(result);
    }

    /// <summary>Calls <paramref name="callable"/> with no arguments (like <c>callable()</c>).</summary>
    /// <param name="callable">A function, method, class or any other callable object.</param>
    /// <returns>An owned reference to the call's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="callable"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="callable"/> is not callable.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="callable"/> was disposed.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="callable"/> is empty (never assigned).</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="PythonException">The call raised; the Python error is cleared.</exception>
    public static PyObjectHandle Call(PyObjectHandle callable) => Call(callable, Timeout.InfiniteTimeSpan, CancellationToken.None);

    /// <summary>Calls <paramref name="callable"/> with no arguments, interrupted when
    /// <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="callable">A function, method, class or any other callable object.</param>
    /// <param name="cancellationToken">Cancels the call, as in <see cref="Exec(string, CancellationToken)"/>.</param>
    /// <returns>An owned reference to the call's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="callable"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="callable"/> is not callable.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="callable"/> was disposed.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="callable"/> is empty (never assigned).</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the call
    /// or ended it.</exception>
    /// <exception cref="PythonException">The call raised; the Python error is cleared.</exception>
    public static PyObjectHandle Call(PyObjectHandle callable, CancellationToken cancellationToken) =>
        Call(callable, Timeout.InfiniteTimeSpan, cancellationToken);

    /// <summary>Calls <paramref name="callable"/> with no arguments, interrupted when <paramref name="timeout"/>
    /// passes or <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="callable">A function, method, class or any other callable object.</param>
    /// <param name="timeout">How long the call may run (zero: times out before it starts; infinite: never).</param>
    /// <param name="cancellationToken">Cancels the call, as in <see cref="Exec(string, CancellationToken)"/>.</param>
    /// <returns>An owned reference to the call's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="callable"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="callable"/> is not callable.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative and not infinite, or above
    /// <see cref="int.MaxValue"/> milliseconds.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="callable"/> was disposed.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="callable"/> is empty (never assigned).</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="TimeoutException"><paramref name="timeout"/> passed and the interruption ended the call.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the call
    /// or ended it.</exception>
    /// <exception cref="PythonException">The call raised; the Python error is cleared.</exception>
    public static PyObjectHandle Call(PyObjectHandle callable, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callable);
        CancellableRun.CheckTimeout(timeout, nameof(timeout));
        using HandleUse f = UseCallable(callable);
        return PyObjectHandle.FromNewReference(
            CancellableRun.Run(f.Api, &InvokeCall, f.Pointer, 0, 0, "PyObject_CallObject", timeout, cancellationToken));
    }

    /// <summary>Calls <paramref name="callable"/> with positional arguments (like <c>callable(*args)</c>). The
    /// arguments stay owned by the caller.</summary>
    /// <param name="callable">A function, method, class or any other callable object.</param>
    /// <param name="args">The arguments, in order; none is null.</param>
    /// <returns>An owned reference to the call's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="callable"/>, <paramref name="args"/> or one of its
    /// elements is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="callable"/> is not callable.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="callable"/> or an argument was disposed.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="callable"/> or an argument is empty (never assigned).</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="PythonException">The call raised, or the argument tuple could not be allocated
    /// (<c>MemoryError</c>); the Python error is cleared.</exception>
    public static PyObjectHandle Call(PyObjectHandle callable, params PyObjectHandle[] args) =>
        Call(callable, args, Timeout.InfiniteTimeSpan, CancellationToken.None);

    /// <summary>Calls <paramref name="callable"/> with positional arguments (like <c>callable(*args)</c>), interrupted
    /// when <paramref name="cancellationToken"/> is cancelled. The arguments stay owned by the caller.</summary>
    /// <param name="callable">A function, method, class or any other callable object.</param>
    /// <param name="args">The arguments, in order; none is null.</param>
    /// <param name="cancellationToken">Cancels the call, as in <see cref="Exec(string, CancellationToken)"/>.</param>
    /// <returns>An owned reference to the call's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="callable"/>, <paramref name="args"/> or one of its
    /// elements is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="callable"/> is not callable.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="callable"/> or an argument was disposed.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="callable"/> or an argument is empty (never assigned).</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the call
    /// or ended it.</exception>
    /// <exception cref="PythonException">The call raised, or the argument tuple could not be allocated
    /// (<c>MemoryError</c>); the Python error is cleared.</exception>
    public static PyObjectHandle Call(PyObjectHandle callable, PyObjectHandle[] args, CancellationToken cancellationToken) =>
        Call(callable, args, Timeout.InfiniteTimeSpan, cancellationToken);

    /// <summary>Calls <paramref name="callable"/> with positional arguments (like <c>callable(*args)</c>), interrupted
    /// when <paramref name="timeout"/> passes or <paramref name="cancellationToken"/> is cancelled. The arguments stay
    /// owned by the caller.</summary>
    /// <param name="callable">A function, method, class or any other callable object.</param>
    /// <param name="args">The arguments, in order; none is null.</param>
    /// <param name="timeout">How long the call may run (zero: times out before it starts; infinite: never).</param>
    /// <param name="cancellationToken">Cancels the call, as in <see cref="Exec(string, CancellationToken)"/>.</param>
    /// <returns>An owned reference to the call's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="callable"/>, <paramref name="args"/> or one of its
    /// elements is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="callable"/> is not callable.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative and not infinite, or above
    /// <see cref="int.MaxValue"/> milliseconds.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="callable"/> or an argument was disposed.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="callable"/> or an argument is empty (never assigned).</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="TimeoutException"><paramref name="timeout"/> passed and the interruption ended the call.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the call
    /// or ended it.</exception>
    /// <exception cref="PythonException">The call raised, or the argument tuple could not be allocated
    /// (<c>MemoryError</c>); the Python error is cleared.</exception>
    public static PyObjectHandle Call(PyObjectHandle callable, PyObjectHandle[] args, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callable);
        ArgumentNullException.ThrowIfNull(args);
        CancellableRun.CheckTimeout(timeout, nameof(timeout));
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] is null)
            {
                throw new ArgumentNullException(nameof(args), $"Argument {i} is null.");
            }
        }

        using HandleUse f = UseCallable(callable);
        nint tuple = NewArguments(f.Api, args.Length);
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                // The tuple gets a reference of its own (PyTuple_SetItem steals one), so each handle is needed only
                // while its reference is taken; it cannot fail: the index is in range and the tuple is new.
                using HandleUse a = args[i].Use("PyTuple_SetItem");
                a.Api.Py_IncRef(a.Pointer);
                _ = a.Api.PyTuple_SetItem(tuple, i, a.Pointer);
            }

            return PyObjectHandle.FromNewReference(
                CancellableRun.Run(f.Api, &InvokeCall, f.Pointer, tuple, 0, "PyObject_CallObject", timeout, cancellationToken));
        }
        finally
        {
            f.Api.Py_DecRef(tuple);
        }
    }

    /// <summary>Calls <paramref name="callable"/> with one positional argument held by a scoped handle (like
    /// <c>callable(argument)</c>), for example a buffer exported with <see cref="PythonBuffer.ExportScoped(NativeBlock)"/>
    /// for the call. The argument stays owned by the caller. (To call with a timeout or a cancellation token, pass
    /// <c>argument.ToHandle()</c> to the other overloads.)</summary>
    /// <param name="callable">A function, method, class or any other callable object.</param>
    /// <param name="argument">The argument.</param>
    /// <returns>An owned reference to the call's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="callable"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="callable"/> is not callable.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="callable"/> or <paramref name="argument"/> (or a copy of
    /// it) was disposed.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="callable"/> is empty (never assigned), or
    /// <paramref name="argument"/> is <c>default</c>.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="PythonException">The call raised, or the argument tuple could not be allocated
    /// (<c>MemoryError</c>); the Python error is cleared.</exception>
    public static PyObjectHandle Call(PyObjectHandle callable, ScopedPyObjectHandle argument)
    {
        ArgumentNullException.ThrowIfNull(callable);
        nint item = argument.DangerousGetPointer();
        using HandleUse f = UseCallable(callable);
        nint tuple = NewArguments(f.Api, 1);
        try
        {
            f.Api.Py_IncRef(item);
            _ = f.Api.PyTuple_SetItem(tuple, 0, item);
            return PyObjectHandle.FromNewReference(
                CancellableRun.Run(f.Api, &InvokeCall, f.Pointer, tuple, 0, "PyObject_CallObject", Timeout.InfiniteTimeSpan, CancellationToken.None));
        }
        finally
        {
            f.Api.Py_DecRef(tuple);
        }
    }

    /// <summary>A new tuple for <paramref name="count"/> positional arguments.</summary>
    /// <exception cref="PythonException">It could not be allocated (MemoryError).</exception>
    private static nint NewArguments(PythonApi api, int count)
    {
        nint tuple = api.PyTuple_New(count);
        return tuple != 0 ? tuple : throw PythonException.TakePending(api, "PyTuple_New");
    }

    private static HandleUse UseCallable(PyObjectHandle callable)
    {
        HandleUse f = callable.Use("PyObject_CallObject");
        if (f.Api.PyCallable_Check(f.Pointer) == 0)
        {
            string? type = PyObjects.TypeName(PyObjectLayout.Py_TYPE(f.Pointer));
            f.Dispose();
            throw new ArgumentException($"A '{type}' object is not callable.", nameof(callable));
        }

        return f;
    }

    /// <summary>UTF-8 with a terminating NUL, refusing text that has a NUL of its own.</summary>
    private static byte[] Utf8Z(string text, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(text, parameterName);
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("The text contains a NUL character, where a C string would end.", parameterName);
        }

        return Encoding.UTF8.GetBytes(text + "\0");
    }

    /// <summary>The dict of <c>__main__</c> (borrowed).</summary>
    internal static nint MainGlobals(PythonApi api)
    {
        fixed (byte* mainName = "__main__\0"u8)
        {
            // Under allocation failure (fault injection) even looking up __main__ can fail: check each step, because
            // PyModule_GetDict(NULL) and PyRun with NULL globals dereference the pointer.
            nint main = api.PyImport_AddModule(mainName);
            if (main == 0)
            {
                throw PythonException.TakePending(api, "PyImport_AddModule(\"__main__\")");
            }

            nint globals = api.PyModule_GetDict(main);
            return globals != 0 ? globals : throw PythonException.TakePending(api, "PyModule_GetDict(__main__)");
        }
    }

    private static nint Run(PythonApi api, byte[] utf8Z, int start, TimeSpan timeout, CancellationToken cancellationToken)
    {
        fixed (byte* source = utf8Z)
        {
            nint globals = MainGlobals(api);
            return CancellableRun.Run(api, &InvokeString, (nint)source, start, globals, "PyRun_StringFlags", timeout, cancellationToken);
        }
    }

    // The three native runs, in the shape CancellableRun.Run calls (a function pointer: no delegate allocated per run).
    private static nint InvokeString(PythonApi api, nint source, nint start, nint globals) =>
        api.PyRun_StringFlags((byte*)source, (int)start, globals, globals, 0);

    private static nint InvokeCode(PythonApi api, nint code, nint globals, nint unused) => api.PyEval_EvalCode(code, globals, globals);

    private static nint InvokeCall(PythonApi api, nint callable, nint args, nint unused) => api.PyObject_CallObject(callable, args);
}
