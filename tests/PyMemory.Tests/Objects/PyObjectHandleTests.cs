namespace PyMemory.Tests.Objects;

[Collection(UsesPython.Name)]
public class PyObjectHandleTests
{
    [Fact]
    public void New_reference_is_owned_without_an_extra_reference()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle list = PyObjects.NewList(0);

        list.RefCount.ShouldBe(1);
        list.IsImmortal.ShouldBeFalse();
    }

    [Fact]
    public void FromBorrowedReference_adds_a_reference_and_dispose_gives_it_back()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle list = PyObjects.NewList(0);

        using (PyObjectHandle second = PyObjectHandle.FromBorrowedReference(list.DangerousGetPointer()))
        {
            list.RefCount.ShouldBe(2);
            second.RefCount.ShouldBe(2);
        }

        list.RefCount.ShouldBe(1);
    }

    [Fact]
    public unsafe void FromNewReference_takes_over_the_reference_without_adding_one()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle list = PyObjects.NewList(0);
        PythonRuntime.Api.Py_IncRef(list.DangerousGetPointer()); // a new reference the caller owns

        using (PyObjectHandle taken = PyObjectHandle.FromNewReference(list.DangerousGetPointer()))
        {
            list.RefCount.ShouldBe(2);
        }

        list.RefCount.ShouldBe(1);
    }

    [Fact]
    public void FromNewReference_and_FromBorrowedReference_throw_for_null()
    {
        using GilScope gil = GilScope.Enter();

        Should.Throw<ArgumentException>(() => PyObjectHandle.FromNewReference(0));
        Should.Throw<ArgumentException>(() => PyObjectHandle.FromBorrowedReference(0));
    }

    [Fact]
    public void Dispose_releases_the_object()
    {
        using GilScope gil = GilScope.Enter();
        string name = MainModule.UniqueName("obj");
        PyRun.Exec($"import weakref\nclass Probe: pass\n{name} = Probe()\n{name}_ref = weakref.ref({name})");
        PyObjectHandle handle = PyRun.Eval(name);
        PyRun.Exec($"del {name}");

        PyRun.EvalToString($"{name}_ref() is None").ShouldBe("False"); // only our handle keeps it alive
        handle.Dispose();
        PyRun.EvalToString($"{name}_ref() is None").ShouldBe("True");
        PyRun.Exec($"del {name}_ref");
    }

    [Fact]
    public void Dispose_twice_is_harmless()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle list = PyObjects.NewList(0);
        PyObjectHandle second = PyObjectHandle.FromBorrowedReference(list.DangerousGetPointer());

        second.Dispose();
        second.Dispose();

        list.RefCount.ShouldBe(1);
    }

    [Fact]
    public void RefCount_matches_sys_getrefcount()
    {
        using GilScope gil = GilScope.Enter();
        string name = MainModule.UniqueName("obj");
        PyRun.Exec($"import sys\n{name} = object()");
        using PyObjectHandle handle = PyRun.Eval(name);

        // getrefcount sees the global, our handle and its own argument.
        handle.RefCount.ShouldBe(MainModule.EvalInt64($"sys.getrefcount({name})") - 1);
        handle.RefCount.ShouldBe(2);
        PyRun.Exec($"del {name}");
        handle.RefCount.ShouldBe(1);
    }

    [Fact]
    public void TypeName_names_the_type()
    {
        using GilScope gil = GilScope.Enter();
        PyRun.Exec("class Widget: pass");

        foreach ((string expression, string typeName) in new[]
                 {
                     ("[]", "list"), ("{}", "dict"), ("7", "int"), ("'s'", "str"), ("b''", "bytes"), ("None", "NoneType"),
                     ("Widget()", "Widget"), ("Widget", "type"), ("__import__('collections').OrderedDict()", "OrderedDict"),
                 })
        {
            using PyObjectHandle value = PyRun.Eval(expression);
            value.TypeName.ShouldBe(typeName, expression);
        }
    }

    [Fact]
    public void ToString_returns_str_of_the_object()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle number = PyObjects.FromInt64(42);
        using PyObjectHandle list = PyRun.Eval("[1, 'a', None]");
        using PyObjectHandle text = PyObjects.FromString("héllo");

        number.ToString().ShouldBe("42");
        list.ToString().ShouldBe("[1, 'a', None]");
        text.ToString().ShouldBe("héllo");
    }

    [Fact]
    public void ToString_throws_PythonException_when_str_raises_and_clears_the_error()
    {
        using GilScope gil = GilScope.Enter();
        PyRun.Exec("class BadStr:\n    def __str__(self):\n        raise ValueError('no text for you')");
        using PyObjectHandle value = PyRun.Eval("BadStr()");

        PythonException e = Should.Throw<PythonException>(() => value.ToString());

        e.PythonTypeName.ShouldBe("ValueError");
        e.PythonMessage.ShouldBe("no text for you");
        PythonException.IsPending.ShouldBeFalse();
    }

    [Fact]
    public void Members_throw_ObjectDisposedException_when_disposed()
    {
        using GilScope gil = GilScope.Enter();
        PyObjectHandle list = PyObjects.NewList(0);
        list.Dispose();

        Should.Throw<ObjectDisposedException>(() => list.RefCount);
        Should.Throw<ObjectDisposedException>(() => list.IsImmortal);
        Should.Throw<ObjectDisposedException>(() => list.TypeName);
        Should.Throw<ObjectDisposedException>(() => list.ToString());
        Should.Throw<ObjectDisposedException>(() => list.DangerousGetPointer());
    }

    [Fact]
    public void Members_throw_InvalidOperationException_on_an_empty_handle()
    {
        using GilScope gil = GilScope.Enter();
        using var empty = new PyObjectHandle();

        empty.IsInvalid.ShouldBeTrue();
        Should.Throw<InvalidOperationException>(() => empty.RefCount);
        Should.Throw<InvalidOperationException>(() => empty.TypeName);
        Should.Throw<InvalidOperationException>(() => empty.ToString());
    }

    [Fact]
    public void Members_throw_GilRequiredException_without_the_GIL()
    {
        PyObjectHandle list;
        using (GilScope.Enter())
        {
            list = PyObjects.NewList(0);
        }

        try
        {
            FreshThread.Catch(() => _ = list.RefCount).ShouldBeOfType<GilRequiredException>();
            FreshThread.Catch(() => _ = list.IsImmortal).ShouldBeOfType<GilRequiredException>();
            FreshThread.Catch(() => _ = list.TypeName).ShouldBeOfType<GilRequiredException>();
            FreshThread.Catch(() => _ = list.ToString()).ShouldBeOfType<GilRequiredException>();
            FreshThread.Catch(() => PyObjectHandle.FromBorrowedReference(list.DangerousGetPointer()))
                .ShouldBeOfType<GilRequiredException>().FunctionName.ShouldBe("Py_IncRef");
        }
        finally
        {
            using (GilScope.Enter())
            {
                list.Dispose();
            }
        }
    }

    [Fact]
    public void Dispose_without_the_GIL_is_queued_and_drained_at_the_next_GilScope()
    {
        using GilScope gil = GilScope.Enter(); // held throughout, so no other thread can drain the queue meanwhile
        using PyObjectHandle list = PyObjects.NewList(0);
        PyObjectHandle second = PyObjectHandle.FromBorrowedReference(list.DangerousGetPointer());
        int pendingBefore = PythonRuntime.PendingReleaseCount;

        FreshThread.Catch(second.Dispose).ShouldBeNull();

        second.IsClosed.ShouldBeTrue();
        list.RefCount.ShouldBe(2); // queued, not yet released
        PythonRuntime.PendingReleaseCount.ShouldBeGreaterThanOrEqualTo(pendingBefore + 1); // finalizers may add more

        GilScope.Enter().Dispose(); // entering a scope, even a nested one, drains the queue

        list.RefCount.ShouldBe(1);
    }

    [Fact]
    public void Finalizer_release_is_queued_without_the_GIL_and_drained_at_the_next_GilScope()
    {
        ChildProcess.Result result = ChildProcess.Run("objects-finalizer-release");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdErr.ShouldBeEmpty(result.ToString());
        string[] lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.ShouldBe(["queued pending=1 refcount=2", "drained pending=0 refcount=1"], result.ToString());
    }

    [Fact]
    public void A_handle_that_outlives_the_interpreter_throws_on_read_and_leaks_on_release()
    {
        ChildProcess.Result result = ChildProcess.Run("objects-after-shutdown");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdErr.ShouldBeEmpty(result.ToString());
        string[] lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.ShouldBe(["read: InterpreterFinalizedException", "disposed", "finalized"], result.ToString());
    }

    [Fact]
    public void References_released_from_many_threads_with_and_without_the_GIL_all_arrive()
    {
        PyObjectHandle shared;
        using (GilScope.Enter())
        {
            shared = PyObjects.NewList(0);
        }

        Thread[] threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            var handles = new List<PyObjectHandle>();
            using (GilScope.Enter())
            {
                for (int i = 0; i < 500; i++)
                {
                    handles.Add(PyObjectHandle.FromBorrowedReference(shared.DangerousGetPointer()));
                }

                handles.Take(250).ToList().ForEach(h => h.Dispose()); // with the GIL: released at once
            }

            handles.Skip(250).ToList().ForEach(h => h.Dispose()); // without it: queued
        })).ToArray();
        Array.ForEach(threads, t => t.Start());
        Array.ForEach(threads, t => t.Join());

        using (GilScope.Enter()) // drains whatever is still queued
        {
            shared.RefCount.ShouldBe(1);
            shared.Dispose();
        }
    }
}
