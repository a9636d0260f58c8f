using PyMemory.Interop;
using PyMemory.Interop.Layouts;

namespace PyMemory.Tracking.Sampling;

/// <summary>
/// Reads where Python is on the calling thread (code objects and lines, innermost first), from inside an allocator, in
/// the way each version allows without re-entering Python.
/// </summary>
/// <remarks>
/// <para>3.8: through <see cref="PyFrameLayout38"/> (no references taken, nothing allocated).</para>
/// <para>3.9 and 3.10: <c>PyThreadState_GetFrame</c>, <c>PyFrame_GetCode</c>, <c>PyFrame_GetBack</c>, which only
/// take references there.</para>
/// <para>3.11 and later: the same functions create frame objects for frames that have none: an allocation of a
/// GC-tracked object, which could start a collection that runs <c>__del__</c> methods inside the allocator that is
/// being sampled, and whose failure would replace the caller's pending exception. Around the walk the collector is
/// therefore disabled (and re-enabled only if it was on) and the pending exception is taken out and put back. The frame
/// objects themselves are allocated while the native tracker is bypassed, so they are not counted.</para>
/// <para>The caller has checked that this thread holds the GIL. Every code object handed back is a reference the
/// caller owns when <see cref="CodesAreOwned"/> is true (to keep or to release), else borrowed.</para>
/// </remarks>
internal sealed unsafe class FrameCapture
{
    private readonly PythonApi _api;
    private readonly bool _layout38;
    private readonly bool _guard;
    private readonly nint _mainInterpreter;

    public FrameCapture(PythonApi api)
    {
        _api = api;
        ThreadStateIsPerThread = api.Version.IsAtLeast(3, 12);
        _mainInterpreter = api.Has("PyInterpreterState_Main") ? api.PyInterpreterState_Main() : 0;
        _layout38 = !api.Has("PyThreadState_GetFrame");
        _guard = api.Version.IsAtLeast(3, 11);
    }

    /// <summary>The API frames are read with.</summary>
    public PythonApi Api => _api;

    /// <summary>From 3.12 the current thread state is per thread (set only while the thread is attached); before, it
    /// is process-wide.</summary>
    public bool ThreadStateIsPerThread { get; }

    /// <summary>True when <paramref name="threadState"/> belongs to the main interpreter. Frames of subinterpreters are
    /// not read: their code objects die with their interpreter, so holding them (and releasing them later from
    /// another interpreter) or reading their names after it ended would touch freed memory.</summary>
    /// <param name="threadState">A live thread state.</param>
    /// <returns>Whether its frames may be read.</returns>
    public bool IsMainInterpreter(nint threadState)
    {
        if (_mainInterpreter == 0)
        {
            return false;
        }

        return _api.InterpreterOf(threadState) == _mainInterpreter;
    }

    /// <summary>True when <see cref="Capture"/> hands back new references to the code objects.</summary>
    public bool CodesAreOwned => !_layout38;

    /// <summary>Fills <paramref name="codes"/> and <paramref name="lines"/> from the innermost frame outwards.</summary>
    /// <param name="threadState">The calling thread's current thread state (non-zero).</param>
    /// <param name="codes">Receives code objects.</param>
    /// <param name="lines">Receives line numbers.</param>
    /// <returns>How many frames were read.</returns>
    public int Capture(nint threadState, Span<nint> codes, Span<int> lines)
    {
        if (_layout38)
        {
            return CaptureByLayout(threadState, codes, lines);
        }

        if (!_guard)
        {
            return CaptureByFunctions(threadState, codes, lines);
        }

        nint type = 0, value = 0, traceback = 0;
        bool hadError = _api.PyErr_Occurred() != 0;
        if (hadError)
        {
            _api.PyErr_Fetch(&type, &value, &traceback);
        }

        int wasEnabled = _api.PyGC_Disable();
        try
        {
            return CaptureByFunctions(threadState, codes, lines);
        }
        finally
        {
            if (wasEnabled != 0)
            {
                _ = _api.PyGC_Enable();
            }

            if (hadError)
            {
                _api.PyErr_Restore(type, value, traceback);
            }
            else if (_api.PyErr_Occurred() != 0)
            {
                _api.PyErr_Clear(); // a frame object could not be made: the sampled code must not see that
            }
        }
    }

    private int CaptureByLayout(nint threadState, Span<nint> codes, Span<int> lines)
    {
        int n = 0;
        for (nint frame = PyFrameLayout38.Frame(threadState); frame != 0 && n < codes.Length; frame = PyFrameLayout38.Back(frame))
        {
            codes[n] = PyFrameLayout38.Code(frame);
            lines[n] = _api.PyFrame_GetLineNumber(frame);
            n++;
        }

        return n;
    }

    private int CaptureByFunctions(nint threadState, Span<nint> codes, Span<int> lines)
    {
        int n = 0;
        nint frame = _api.PyThreadState_GetFrame(threadState);
        while (frame != 0 && n < codes.Length)
        {
            codes[n] = _api.PyFrame_GetCode(frame);
            lines[n] = _api.PyFrame_GetLineNumber(frame);
            n++;
            nint back = _api.PyFrame_GetBack(frame);
            _api.Py_DecRef(frame); // the thread's frame chain still holds it: this never frees
            frame = back;
        }

        _api.Py_DecRef(frame); // NULL-safe
        return n;
    }
}
