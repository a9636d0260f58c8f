namespace PyMemory.Tests.Objects;

[Collection(UsesPython.Name)]
public class GenericAllocTests
{
    [Fact]
    public void GenericAlloc_of_the_list_type_is_an_empty_gc_tracked_list()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle listType = PyObjects.GetBuiltinType(PythonBuiltinType.List);
        using PyObjectHandle list = PyObjects.GenericAlloc(listType, 0);

        list.RefCount.ShouldBe(1);
        list.TypeName.ShouldBe("list");
        PyObjects.ListCount(list).ShouldBe(0);
        list.ToString().ShouldBe("[]");

        string name = MainModule.UniqueName("allocated");
        MainModule.Set(name, list);
        PyRun.EvalToString($"__import__('gc').is_tracked({name})").ShouldBe("True"); // a GC type: allocated like PyObject_GC_New
        PyRun.Exec($"{name}.extend([1, 2])"); // a real list: it grows like any other
        PyRun.EvalToString(name).ShouldBe("[1, 2]");
        PyRun.Exec($"del {name}");
        list.RefCount.ShouldBe(1);
    }

    [Fact]
    public void GenericAlloc_of_object_is_a_plain_untracked_object()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle objectType = PyObjects.GetBuiltinType(PythonBuiltinType.Object);
        using PyObjectHandle instance = PyObjects.GenericAlloc(objectType);

        instance.TypeName.ShouldBe("object");
        instance.RefCount.ShouldBe(1);
        instance.ToString().ShouldStartWith("<object object at 0x");
    }

    [Fact]
    public void GenericAlloc_of_a_Python_class_holds_its_type_and_is_released_through_tp_dealloc()
    {
        using GilScope gil = GilScope.Enter();
        string name = MainModule.UniqueName("Node");
        PyRun.Exec($"import weakref\nclass {name}:\n    def __init__(self): raise AssertionError('GenericAlloc runs no __init__')");
        using PyObjectHandle type = PyRun.Eval(name);
        long typeReferences = type.RefCount;

        PyObjectHandle instance = PyObjects.GenericAlloc(type);

        instance.TypeName.ShouldBe(name);
        type.RefCount.ShouldBe(typeReferences + 1); // instances of heap types hold their type
        string instanceName = name + "_instance";
        MainModule.Set(instanceName, instance);
        PyRun.Exec($"{instanceName}.value = 42\n{instanceName}_ref = weakref.ref({instanceName})\ndel {instanceName}");
        MainModule.EvalInt64($"{instanceName}_ref().value").ShouldBe(42);

        instance.Dispose(); // Py_DecRef -> subtype_dealloc -> tp_free; never freed by hand

        PyRun.EvalToString($"{instanceName}_ref() is None").ShouldBe("True");
        type.RefCount.ShouldBe(typeReferences);
        PyRun.Exec($"del {instanceName}_ref");
    }

    [Fact]
    public void GenericAlloc_of_a_Python_subclass_of_list_is_an_empty_list_of_that_class()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle type = PyRun.Eval("type('Stack', (list,), {'__slots__': ('top',)})");
        using PyObjectHandle stack = PyObjects.GenericAlloc(type, 5);
        using PyObjectHandle item = PyObjects.FromInt64(3);

        stack.TypeName.ShouldBe("Stack");
        PyObjects.ListCount(stack).ShouldBe(0);
        stack.ToString().ShouldBe("[]");
        Should.Throw<ArgumentOutOfRangeException>(() => PyObjects.SetListItem(stack, 0, item));
    }

    [Fact]
    public void GenericAlloc_throws_for_a_negative_item_count()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle listType = PyObjects.GetBuiltinType(PythonBuiltinType.List);

        Should.Throw<ArgumentOutOfRangeException>(() => PyObjects.GenericAlloc(listType, -1)).ParamName.ShouldBe("itemCount");
        listType.RefCount.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void GenericAlloc_refuses_an_object_that_is_not_a_type()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle list = PyObjects.NewList(0);

        Should.Throw<ArgumentException>(() => PyObjects.GenericAlloc(list)).Message.ShouldContain("Expected a type object");
    }

    [Theory]
    [InlineData("dict")]
    [InlineData("str")]
    [InlineData("int")]
    [InlineData("tuple")]
    [InlineData("bytes")]
    [InlineData("type")]
    [InlineData("type('MyDict', (dict,), {})")]
    [InlineData("__import__('collections').OrderedDict")]
    [InlineData("__import__('decimal').Decimal")]
    [InlineData("type('MyError', (Exception,), {})")]
    public void GenericAlloc_refuses_types_whose_zero_filled_instances_are_not_valid(string typeExpression)
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle type = PyRun.Eval(typeExpression);

        Should.Throw<ArgumentException>(() => PyObjects.GenericAlloc(type)).Message.ShouldContain("is not a valid object");
    }

    [Fact]
    public void GenericAlloc_throws_GilRequiredException_without_the_GIL_and_ObjectDisposedException_when_disposed()
    {
        PyObjectHandle listType;
        using (GilScope.Enter())
        {
            listType = PyObjects.GetBuiltinType(PythonBuiltinType.List);
        }

        FreshThread.Catch(() => PyObjects.GenericAlloc(listType)).ShouldBeOfType<GilRequiredException>()
            .FunctionName.ShouldBe("PyType_GenericAlloc");
        using (GilScope.Enter())
        {
            listType.Dispose();
            Should.Throw<ObjectDisposedException>(() => PyObjects.GenericAlloc(listType));
        }
    }
}
