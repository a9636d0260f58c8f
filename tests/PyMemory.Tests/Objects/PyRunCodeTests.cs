namespace PyMemory.Tests.Objects;

/// <summary>
/// <see cref="PyRun.Compile"/>, <see cref="PyRun.Exec(PyObjectHandle)"/> and the two <see cref="PyRun.Call(PyObjectHandle)"/>
/// overloads: compiled code runs in <c>__main__</c>, functions are called with owned arguments, and every misuse (null,
/// disposed, empty, wrong kind, no GIL, Python raising) is a clear .NET exception that leaves no Python error pending.
/// </summary>
[Collection(UsesPython.Name)]
public class PyRunCodeTests
{
    [Fact]
    public void Compile_runs_nothing_and_Exec_sees_and_changes_main_names()
    {
        using GilScope gil = GilScope.Enter();
        string name = MainModule.UniqueName("counter");
        PyRun.Exec($"{name} = 40");
        using PyObjectHandle code = PyRun.Compile($"{name} += 1\n{name}_seen = {name}\n", "counter.py");

        code.TypeName.ShouldBe("code");
        MainModule.EvalInt64(name).ShouldBe(40); // compiling ran nothing
        PyRun.Exec(code);
        PyRun.Exec(code); // a code object runs as often as asked
        MainModule.EvalInt64(name).ShouldBe(42);
        MainModule.EvalInt64($"{name}_seen").ShouldBe(42);
        PyRun.EvalToString($"__import__('__main__').{name}").ShouldBe("42"); // the names are __main__'s
        PyRun.Exec($"del {name}, {name}_seen");
    }

    [Fact]
    public void Compile_keeps_the_file_name_for_tracebacks()
    {
        using GilScope gil = GilScope.Enter();
        string name = MainModule.UniqueName("fails");
        using PyObjectHandle code = PyRun.Compile($"def {name}():\n    raise KeyError('k')\n", "my_module.py");
        PyRun.Exec(code);
        using PyObjectHandle function = PyRun.Eval(name);

        PyRun.EvalToString($"{name}.__code__.co_filename").ShouldBe("my_module.py");
        PythonException e = Should.Throw<PythonException>(() => PyRun.Call(function));
        e.PythonTypeName.ShouldBe("KeyError");
        PythonException.IsPending.ShouldBeFalse();
        PyRun.Exec($"del {name}");
    }

    [Fact]
    public void Call_returns_the_result_and_leaves_the_arguments_owned_by_the_caller()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle join = PyRun.Eval("lambda *parts: '-'.join(str(p) for p in parts)");
        using PyObjectHandle noArguments = PyRun.Eval("lambda: 7");
        using PyObjectHandle a = PyObjects.FromString("a");
        using PyObjectHandle b = PyObjects.FromInt64(1234567);
        long before = b.RefCount;

        using (PyObjectHandle result = PyRun.Call(noArguments))
        {
            PyObjects.ReadInt64(result).ShouldBe(7);
        }

        using (PyObjectHandle result = PyRun.Call(join, a, b, a))
        {
            PyObjects.ReadString(result).ShouldBe("a-1234567-a");
        }

        using (PyObjectHandle result = PyRun.Call(join, []))
        {
            PyObjects.ReadString(result).ShouldBe("");
        }

        b.RefCount.ShouldBe(before); // the argument tuple took and gave back its own references
        PyObjects.ReadString(a).ShouldBe("a");
    }

    [Fact]
    public void Call_of_a_class_creates_an_instance()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle list = PyObjects.GetBuiltinType(PythonBuiltinType.List);
        using PyObjectHandle tuple = PyRun.Eval("(1, 2, 3)");
        using PyObjectHandle made = PyRun.Call(list, tuple);

        PyObjects.ListCount(made).ShouldBe(3);
    }

    [Fact]
    public void Python_errors_become_PythonException_with_the_type_name_and_are_cleared()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle divide = PyRun.Eval("lambda x: 1 // x");
        using PyObjectHandle zero = PyObjects.FromInt64(0);
        using PyObjectHandle raises = PyRun.Compile("raise ValueError('from compiled code')");

        PythonException syntax = Should.Throw<PythonException>(() => PyRun.Compile("def broken(:\n    pass\n"));
        syntax.PythonTypeName.ShouldBe("SyntaxError");
        Should.Throw<PythonException>(() => PyRun.Compile("if True:\nx = 1\n")).PythonTypeName.ShouldBe("IndentationError");
        PythonException value = Should.Throw<PythonException>(() => PyRun.Exec(raises));
        value.PythonTypeName.ShouldBe("ValueError");
        value.PythonMessage.ShouldBe("from compiled code");
        Should.Throw<PythonException>(() => PyRun.Call(divide, zero)).PythonTypeName.ShouldBe("ZeroDivisionError");
        Should.Throw<PythonException>(() => PyRun.Call(divide)).PythonTypeName.ShouldBe("TypeError"); // missing argument
        PythonException.IsPending.ShouldBeFalse();
    }

    [Fact]
    public void Null_arguments_throw_ArgumentNullException()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle function = PyRun.Eval("lambda *a: len(a)");
        using PyObjectHandle one = PyObjects.FromInt64(1);

        Should.Throw<ArgumentNullException>(() => PyRun.Compile(null!)).ParamName.ShouldBe("source");
        Should.Throw<ArgumentNullException>(() => PyRun.Compile("x = 1", null!)).ParamName.ShouldBe("fileName");
        Should.Throw<ArgumentNullException>(() => PyRun.Exec((PyObjectHandle)null!)).ParamName.ShouldBe("code");
        Should.Throw<ArgumentNullException>(() => PyRun.Call(null!)).ParamName.ShouldBe("callable");
        Should.Throw<ArgumentNullException>(() => PyRun.Call(null!, one)).ParamName.ShouldBe("callable");
        Should.Throw<ArgumentNullException>(() => PyRun.Call(function, (PyObjectHandle[])null!)).ParamName.ShouldBe("args");
        Should.Throw<ArgumentNullException>(() => PyRun.Call(function, one, null!)).Message.ShouldContain("Argument 1");
        PythonException.IsPending.ShouldBeFalse();
    }

    [Fact]
    public void Text_with_a_NUL_character_is_refused_instead_of_cut_short()
    {
        using GilScope gil = GilScope.Enter();

        Should.Throw<ArgumentException>(() => PyRun.Compile("x = 1\0raise SystemExit")).ParamName.ShouldBe("source");
        Should.Throw<ArgumentException>(() => PyRun.Compile("x = 1", "a\0b.py")).ParamName.ShouldBe("fileName");
    }

    [Fact]
    public void Exec_and_Eval_refuse_a_NUL_character_instead_of_running_only_the_code_before_it()
    {
        using GilScope gil = GilScope.Enter();
        string name = MainModule.UniqueName("cut");

        Should.Throw<ArgumentException>(() => PyRun.Exec($"{name} = 1\0{name} = 2")).ParamName.ShouldBe("code");
        Should.Throw<ArgumentException>(() => PyRun.Eval("1\0 + 1")).ParamName.ShouldBe("expression");
        Should.Throw<ArgumentException>(() => PyRun.EvalToString("2\0")).ParamName.ShouldBe("expression");
        PyRun.EvalToString($"'{name}' in globals()").ShouldBe("False"); // nothing ran
    }

    [Fact]
    public void Wrong_kinds_of_object_are_refused_before_Python_sees_them()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle number = PyObjects.FromInt64(5);
        using PyObjectHandle source = PyObjects.FromString("x = 1");
        using PyObjectHandle function = PyRun.Eval("lambda: None");

        Should.Throw<ArgumentException>(() => PyRun.Exec(number)).Message.ShouldContain("got 'int'");
        Should.Throw<ArgumentException>(() => PyRun.Exec(source)).Message.ShouldContain("got 'str'");
        Should.Throw<ArgumentException>(() => PyRun.Exec(function)).Message.ShouldContain("got 'function'"); // a function is not its code
        Should.Throw<ArgumentException>(() => PyRun.Call(number)).Message.ShouldContain("'int' object is not callable");
        Should.Throw<ArgumentException>(() => PyRun.Call(source, number)).ParamName.ShouldBe("callable");
        PythonException.IsPending.ShouldBeFalse();
    }

    [Fact]
    public void Disposed_and_empty_handles_are_refused()
    {
        using GilScope gil = GilScope.Enter();
        PyObjectHandle code = PyRun.Compile("pass");
        PyObjectHandle function = PyRun.Eval("lambda *a: None");
        PyObjectHandle argument = PyObjects.FromInt64(3);
        using PyObjectHandle live = PyRun.Eval("lambda *a: None");
        using PyObjectHandle liveArgument = PyObjects.FromInt64(40_000_004); // not a cached small int (immortal on 3.12+)
        using var empty = new PyObjectHandle();
        code.Dispose();
        function.Dispose();
        argument.Dispose();

        Should.Throw<ObjectDisposedException>(() => PyRun.Exec(code));
        Should.Throw<ObjectDisposedException>(() => PyRun.Call(function));
        Should.Throw<ObjectDisposedException>(() => PyRun.Call(function, liveArgument));
        Should.Throw<ObjectDisposedException>(() => PyRun.Call(live, liveArgument, argument)); // the tuple built so far is released
        Should.Throw<InvalidOperationException>(() => PyRun.Exec(empty)).Message.ShouldContain("empty");
        Should.Throw<InvalidOperationException>(() => PyRun.Call(empty));
        Should.Throw<InvalidOperationException>(() => PyRun.Call(live, empty));
        liveArgument.RefCount.ShouldBe(1); // the released tuple gave its reference back
        PythonException.IsPending.ShouldBeFalse();
    }

    [Fact]
    public void Without_the_GIL_every_new_member_throws_GilRequiredException()
    {
        PyObjectHandle code;
        PyObjectHandle function;
        PyObjectHandle argument;
        using (GilScope.Enter())
        {
            code = PyRun.Compile("pass");
            function = PyRun.Eval("lambda *a: None");
            argument = PyObjects.FromInt64(3);
        }

        FreshThread.Run(() =>
        {
            Should.Throw<GilRequiredException>(() => PyRun.Compile("pass"));
            Should.Throw<GilRequiredException>(() => PyRun.Exec(code));
            Should.Throw<GilRequiredException>(() => PyRun.Call(function));
            Should.Throw<GilRequiredException>(() => PyRun.Call(function, argument));
        });

        using (GilScope.Enter())
        {
            code.Dispose();
            function.Dispose();
            argument.Dispose();
        }
    }
}
