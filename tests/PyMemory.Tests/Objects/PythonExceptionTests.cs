namespace PyMemory.Tests.Objects;

[Collection(UsesPython.Name)]
public class PythonExceptionTests
{
    [Fact]
    public void ThrowIfPending_does_nothing_without_an_error()
    {
        using GilScope gil = GilScope.Enter();

        PythonException.IsPending.ShouldBeFalse();
        PythonException.ThrowIfPending();
    }

    [Fact]
    public unsafe void ThrowIfPending_turns_a_pending_error_into_PythonException_and_clears_it()
    {
        using GilScope gil = GilScope.Enter();
        var api = PythonRuntime.Api;
        fixed (byte* message = "set through the raw layer\0"u8)
        {
            api.PyErr_SetString(api.PyExc_RuntimeError, message);
        }

        PythonException.IsPending.ShouldBeTrue();
        PythonException e = Should.Throw<PythonException>(PythonException.ThrowIfPending);

        e.PythonTypeName.ShouldBe("RuntimeError");
        e.PythonMessage.ShouldBe("set through the raw layer");
        e.Message.ShouldBe("RuntimeError: set through the raw layer");
        api.PyErr_Occurred().ShouldBe(0);
    }

    [Fact]
    public void Errors_raised_by_Python_code_become_PythonException_with_type_name_and_message()
    {
        using GilScope gil = GilScope.Enter();

        PythonException e = Should.Throw<PythonException>(() => PyRun.Eval("1 / 0"));

        e.PythonTypeName.ShouldBe("ZeroDivisionError");
        e.PythonMessage.ShouldContain("division by zero");
        PythonException.IsPending.ShouldBeFalse();
    }

    [Fact]
    public void Exception_types_from_modules_keep_their_short_name()
    {
        using GilScope gil = GilScope.Enter();

        PythonException e = Should.Throw<PythonException>(() => PyRun.Exec("import json\njson.loads('{')"));

        e.PythonTypeName.ShouldBe("JSONDecodeError");
        PythonException.IsPending.ShouldBeFalse();
    }

    [Fact]
    public unsafe void MemoryError_from_PyErr_NoMemory_becomes_PythonException()
    {
        using GilScope gil = GilScope.Enter();
        var api = PythonRuntime.Api;
        _ = api.PyErr_NoMemory();

        Should.Throw<PythonException>(PythonException.ThrowIfPending).PythonTypeName.ShouldBe("MemoryError");
        api.PyErr_Occurred().ShouldBe(0);
    }

    [Fact]
    public void IsPending_and_ThrowIfPending_throw_GilRequiredException_without_the_GIL()
    {
        FreshThread.Catch(() => _ = PythonException.IsPending).ShouldBeOfType<GilRequiredException>();
        FreshThread.Catch(PythonException.ThrowIfPending).ShouldBeOfType<GilRequiredException>();
    }
}
