using PyMemory.Interop;
using PyMemory.Interop.Layouts;

namespace PyMemory.Tests.Tracking;

/// <summary>The frame offsets sampling reads on 3.8 (<see cref="PyFrameLayout38"/>), checked against Python's own view
/// of a frame (<c>f_code</c>, <c>f_back</c>) on 3.8 to 3.10, and against the public functions on 3.9 and 3.10.</summary>
[Collection(UsesPython.Name)]
public sealed unsafe class SamplingFrameLayoutTests
{
    [Fact]
    public void The_layout_is_used_exactly_where_it_holds()
    {
        PythonApi api = PythonRuntime.Api;
        PyFrameLayout38.Holds(api.Version).ShouldBe(api.Version.Minor <= 10);
        api.Has("PyThreadState_GetFrame").ShouldBe(api.Version.Minor >= 9);
        api.Has("PyGC_Disable").ShouldBe(api.Version.Minor >= 10);
    }

    [Fact]
    public void Frame_offsets_match_what_Python_reports()
    {
        PythonApi api = PythonRuntime.Api;
        if (!PyFrameLayout38.Holds(api.Version))
        {
            return; // 3.11+ never read these offsets (the test above checks that)
        }

        using GilScope gil = GilScope.Enter();
        PyRun.Exec("import sys\ndef _outer():\n    return _inner()\ndef _inner():\n    return sys._getframe()\n_fr = _outer()");
        using PyObjectHandle frame = PyRun.Eval("_fr");
        using PyObjectHandle code = PyRun.Eval("_fr.f_code");
        using PyObjectHandle back = PyRun.Eval("_fr.f_back");
        using PyObjectHandle backCode = PyRun.Eval("_fr.f_back.f_code");
        nint f = frame.DangerousGetPointer();
        PyFrameLayout38.Code(f).ShouldBe(code.DangerousGetPointer());
        PyFrameLayout38.Back(f).ShouldBe(back.DangerousGetPointer());
        PyFrameLayout38.Code(PyFrameLayout38.Back(f)).ShouldBe(backCode.DangerousGetPointer());
        PyRun.EvalToString("_fr.f_code.co_name").ShouldBe("_inner");

        // Here no Python code runs on this thread: the thread state has no frame.
        nint threadState = api.PyThreadState_GetUnchecked();
        PyFrameLayout38.Frame(threadState).ShouldBe(0);
        if (api.Has("PyFrame_GetCode"))
        {
            api.PyThreadState_GetFrame(threadState).ShouldBe(0);
            nint viaFunction = api.PyFrame_GetCode(f);
            api.Py_DecRef(viaFunction);
            viaFunction.ShouldBe(PyFrameLayout38.Code(f));
            nint backViaFunction = api.PyFrame_GetBack(f);
            api.Py_DecRef(backViaFunction);
            backViaFunction.ShouldBe(PyFrameLayout38.Back(f));
        }

        PyRun.Exec("del _fr");
    }
}
