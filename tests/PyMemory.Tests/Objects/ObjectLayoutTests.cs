using PyMemory.Interop;
using PyMemory.Interop.Layouts;

namespace PyMemory.Tests.Objects;

/// <summary>The struct offsets and flag bits in PyMemory.Interop's layouts, checked against the running interpreter:
/// each read must agree with what Python itself reports.</summary>
[Collection(UsesPython.Name)]
public class ObjectLayoutTests
{
    [Fact]
    public void Py_TYPE_reads_the_type_object_at_ob_type()
    {
        using GilScope gil = GilScope.Enter();
        PythonApi api = PythonRuntime.Api;
        using PyObjectHandle list = PyObjects.NewList(0);
        using PyObjectHandle text = PyObjects.FromString("x");
        using PyObjectHandle number = PyObjects.FromInt64(1_000_003);

        PyObjectLayout.Py_TYPE(list.DangerousGetPointer()).ShouldBe(api.PyList_Type);
        PyObjectLayout.Py_TYPE(text.DangerousGetPointer()).ShouldBe(api.PyUnicode_Type);
        PyObjectLayout.Py_TYPE(number.DangerousGetPointer()).ShouldBe(api.PyLong_Type);
    }

    [Fact]
    public void The_ob_refcnt_word_is_the_count_sys_getrefcount_reports()
    {
        using GilScope gil = GilScope.Enter();
        string name = MainModule.UniqueName("counted");
        using PyObjectHandle list = PyObjects.NewList(0);
        MainModule.Set(name, list);

        long word = PyObjectLayout.ReadRefCountWord(list.DangerousGetPointer());

        word.ShouldBe(2); // the handle's reference and __main__'s
        MainModule.EvalInt64($"__import__('sys').getrefcount({name})").ShouldBe(word + 1); // + getrefcount's argument
        PyRun.Exec($"del {name}");
    }

    [Fact]
    public void tp_name_holds_the_full_name_and_TypeName_keeps_the_last_part()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle ordered = PyRun.Eval("__import__('collections').OrderedDict");

        PyTypeObjectLayout.ReadName(PythonRuntime.Api.PyList_Type).ShouldBe("list");
        PyTypeObjectLayout.ReadName(ordered.DangerousGetPointer()).ShouldBe("collections.OrderedDict"); // a static C type
        using PyObjectHandle instance = PyRun.Eval("__import__('collections').OrderedDict()");
        instance.TypeName.ShouldBe("OrderedDict");
    }

    [Fact]
    public void tp_base_is_the_first_base_and_NULL_for_object()
    {
        using GilScope gil = GilScope.Enter();
        PythonApi api = PythonRuntime.Api;
        using PyObjectHandle stack = PyRun.Eval("type('LayoutStack', (list,), {})");
        using PyObjectHandle boolType = PyRun.Eval("bool");

        PyTypeObjectLayout.ReadBase(stack.DangerousGetPointer()).ShouldBe(api.PyList_Type);
        PyTypeObjectLayout.ReadBase(boolType.DangerousGetPointer()).ShouldBe(api.PyLong_Type);
        PyTypeObjectLayout.ReadBase(api.PyList_Type).ShouldBe(api.PyBaseObject_Type);
        PyTypeObjectLayout.ReadBase(api.PyBaseObject_Type).ShouldBe(0);
    }

    [Fact]
    public unsafe void tp_dealloc_of_every_class_statement_type_is_the_probe_classes_subtype_dealloc()
    {
        using GilScope gil = GilScope.Enter();
        PythonApi api = PythonRuntime.Api;
        string name = MainModule.UniqueName("Plain");
        PyRun.Exec($"class {name}(list): pass");
        using PyObjectHandle declared = PyRun.Eval(name);
        using PyObjectHandle probe = PyRun.Eval(PyTypeObjectLayout.SubtypeDeallocProbe);
        using PyObjectHandle ordered = PyRun.Eval("__import__('collections').OrderedDict");
        nint subtypeDealloc = PyTypeObjectLayout.ReadDealloc(probe.DangerousGetPointer());

        PyTypeObjectLayout.ReadDealloc(declared.DangerousGetPointer()).ShouldBe(subtypeDealloc);
        PyTypeObjectLayout.ReadDealloc(api.PyList_Type).ShouldNotBe(subtypeDealloc);
        PyTypeObjectLayout.IsClassStatementType(declared.DangerousGetPointer(), api.PyType_GetFlags(declared.DangerousGetPointer()), subtypeDealloc)
            .ShouldBeTrue();
        PyTypeObjectLayout.IsClassStatementType(api.PyList_Type, api.PyType_GetFlags(api.PyList_Type), subtypeDealloc).ShouldBeFalse();
        PyTypeObjectLayout.IsClassStatementType(ordered.DangerousGetPointer(), api.PyType_GetFlags(ordered.DangerousGetPointer()), subtypeDealloc)
            .ShouldBeFalse();
        PyRun.Exec($"del {name}");
    }

    [Theory]
    [InlineData("int", PyTypeFlags.Py_TPFLAGS_LONG_SUBCLASS)]
    [InlineData("list", PyTypeFlags.Py_TPFLAGS_LIST_SUBCLASS)]
    [InlineData("bytes", PyTypeFlags.Py_TPFLAGS_BYTES_SUBCLASS)]
    [InlineData("str", PyTypeFlags.Py_TPFLAGS_UNICODE_SUBCLASS)]
    [InlineData("dict", PyTypeFlags.Py_TPFLAGS_DICT_SUBCLASS)]
    [InlineData("type", PyTypeFlags.Py_TPFLAGS_TYPE_SUBCLASS)]
    public void Each_subclass_flag_is_set_on_its_type_only(string typeName, ulong flag)
    {
        using GilScope gil = GilScope.Enter();
        foreach (string other in new[] { "int", "list", "bytes", "str", "dict", "type", "tuple", "object" })
        {
            ulong flags = ulong.Parse(PyRun.EvalToString($"{other}.__flags__"), System.Globalization.CultureInfo.InvariantCulture);
            ((flags & flag) != 0).ShouldBe(other == typeName, other);
        }
    }

    [Fact]
    public void Py_TPFLAGS_HEAPTYPE_marks_classes_and_not_builtin_types()
    {
        using GilScope gil = GilScope.Enter();

        ulong Flags(string expression) =>
            ulong.Parse(PyRun.EvalToString($"({expression}).__flags__"), System.Globalization.CultureInfo.InvariantCulture);

        (Flags("type('LayoutHeap', (), {})") & PyTypeFlags.Py_TPFLAGS_HEAPTYPE).ShouldNotBe(0UL);
        (Flags("list") & PyTypeFlags.Py_TPFLAGS_HEAPTYPE).ShouldBe(0UL);
    }
}
