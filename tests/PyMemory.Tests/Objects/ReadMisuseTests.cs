namespace PyMemory.Tests.Objects;

/// <summary>
/// <see cref="PyObjects.ReadInt64"/>, <see cref="PyObjects.ReadString"/> and <see cref="PyObjects.ReadBytes"/> used
/// carelessly: wrong types, no GIL, handles disposed or never filled, and values that look like error returns.
/// Each misuse is a clear .NET exception, and none leaves a Python error pending.
/// </summary>
[Collection(UsesPython.Name)]
public class ReadMisuseTests
{
    [Fact]
    public void Minus_one_is_a_value_not_an_error()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle minusOne = PyObjects.FromInt64(-1);

        PyObjects.ReadInt64(minusOne).ShouldBe(-1);
        PythonException.IsPending.ShouldBeFalse();
    }

    [Fact]
    public void Each_reader_refuses_the_other_readers_types_without_a_pending_error()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle number = PyObjects.FromInt64(7);
        using PyObjectHandle text = PyObjects.FromString("7");
        using PyObjectHandle bytes = PyObjects.FromBytes([7]);
        using PyObjectHandle byteArray = PyRun.Eval("bytearray(b'7')");
        using PyObjectHandle real = PyRun.Eval("7.0");
        using PyObjectHandle none = PyRun.Eval("None");

        Should.Throw<ArgumentException>(() => PyObjects.ReadInt64(real)).ParamName.ShouldBe("value");
        Should.Throw<ArgumentException>(() => PyObjects.ReadInt64(none));
        Should.Throw<ArgumentException>(() => PyObjects.ReadString(number)).Message.ShouldContain("got 'int'");
        Should.Throw<ArgumentException>(() => PyObjects.ReadString(bytes)).Message.ShouldContain("got 'bytes'");
        Should.Throw<ArgumentException>(() => PyObjects.ReadBytes(text)).Message.ShouldContain("got 'str'");
        Should.Throw<ArgumentException>(() => PyObjects.ReadBytes(byteArray)).Message.ShouldContain("got 'bytearray'");
        PythonException.IsPending.ShouldBeFalse();
    }

    [Fact]
    public void Subclasses_of_int_str_and_bytes_are_read_as_their_base_values()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle types = PyRun.Eval(
            "[type('I', (int,), {})(-9), type('S', (str,), {})('sub'), type('B', (bytes,), {})(b'\\x00\\x01')]");
        using PyObjectHandle number = PyObjects.GetListItem(types, 0);
        using PyObjectHandle text = PyObjects.GetListItem(types, 1);
        using PyObjectHandle bytes = PyObjects.GetListItem(types, 2);

        PyObjects.ReadInt64(number).ShouldBe(-9);
        PyObjects.ReadString(text).ShouldBe("sub");
        PyObjects.ReadBytes(bytes).ShouldBe(new byte[] { 0, 1 });
    }

    [Fact]
    public void Disposed_handles_throw_ObjectDisposedException()
    {
        using GilScope gil = GilScope.Enter();
        PyObjectHandle number = PyObjects.FromInt64(1);
        PyObjectHandle text = PyObjects.FromString("x");
        PyObjectHandle bytes = PyObjects.FromBytes([1]);
        number.Dispose();
        text.Dispose();
        bytes.Dispose();

        Should.Throw<ObjectDisposedException>(() => PyObjects.ReadInt64(number));
        Should.Throw<ObjectDisposedException>(() => PyObjects.ReadString(text));
        Should.Throw<ObjectDisposedException>(() => PyObjects.ReadBytes(bytes));
    }

    [Fact]
    public void Empty_and_null_handles_are_refused_before_Python_sees_them()
    {
        using GilScope gil = GilScope.Enter();
        using var empty = new PyObjectHandle();

        Should.Throw<InvalidOperationException>(() => PyObjects.ReadInt64(empty)).Message.ShouldContain("empty");
        Should.Throw<InvalidOperationException>(() => PyObjects.ReadString(empty));
        Should.Throw<InvalidOperationException>(() => PyObjects.ReadBytes(empty));
        Should.Throw<ArgumentNullException>(() => PyObjects.ReadInt64(null!));
        Should.Throw<ArgumentNullException>(() => PyObjects.ReadString(null!));
        Should.Throw<ArgumentNullException>(() => PyObjects.ReadBytes(null!));
    }

    [Fact]
    public void Readers_throw_GilRequiredException_inside_AllowThreads_and_on_a_thread_without_the_GIL()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle number = PyObjects.FromInt64(1);
        using PyObjectHandle text = PyObjects.FromString("x");
        using PyObjectHandle bytes = PyObjects.FromBytes([1]);

        using (GilScope.AllowThreads())
        {
            Should.Throw<GilRequiredException>(() => PyObjects.ReadInt64(number)).FunctionName.ShouldBe("PyLong_AsLongLong");
            Should.Throw<GilRequiredException>(() => PyObjects.ReadString(text));
            Should.Throw<GilRequiredException>(() => PyObjects.ReadBytes(bytes));
            FreshThread.Catch(() => PyObjects.ReadInt64(number)).ShouldBeOfType<GilRequiredException>();
        }

        PyObjects.ReadInt64(number).ShouldBe(1); // the handles are unharmed
        PyObjects.ReadString(text).ShouldBe("x");
        PyObjects.ReadBytes(bytes).ShouldBe(new byte[] { 1 });
    }
}
