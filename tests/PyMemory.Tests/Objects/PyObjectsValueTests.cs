namespace PyMemory.Tests.Objects;

[Collection(UsesPython.Name)]
public class PyObjectsValueTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(-5L)]
    [InlineData(1L << 40)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    public void FromInt64_and_ReadInt64_round_trip(long value)
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle number = PyObjects.FromInt64(value);

        number.TypeName.ShouldBe("int");
        PyObjects.ReadInt64(number).ShouldBe(value);
        number.ToString().ShouldBe(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ReadInt64_of_an_int_too_big_throws_OverflowError_and_clears_it()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle huge = PyRun.Eval("2 ** 70");

        PythonException e = Should.Throw<PythonException>(() => PyObjects.ReadInt64(huge));

        e.PythonTypeName.ShouldBe("OverflowError");
        e.PythonMessage.ShouldNotBeNullOrWhiteSpace();
        PythonException.IsPending.ShouldBeFalse();
    }

    [Fact]
    public void ReadInt64_accepts_bool_and_refuses_other_types()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle yes = PyRun.Eval("True");
        using PyObjectHandle text = PyObjects.FromString("12");

        PyObjects.ReadInt64(yes).ShouldBe(1);
        Should.Throw<ArgumentException>(() => PyObjects.ReadInt64(text)).Message.ShouldContain("Expected a 'int' object, got 'str'");
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain ascii")]
    [InlineData("naïve café — Ωμέγα — 日本語 — 🐍")]
    [InlineData("nul\0inside")]
    public void FromString_and_ReadString_round_trip(string text)
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle value = PyObjects.FromString(text);

        value.TypeName.ShouldBe("str");
        PyObjects.ReadString(value).ShouldBe(text);
    }

    [Fact]
    public void FromString_counts_code_points_as_Python_does()
    {
        using GilScope gil = GilScope.Enter();
        string name = MainModule.UniqueName("text");
        using PyObjectHandle value = PyObjects.FromString("a🐍é");
        MainModule.Set(name, value);

        MainModule.EvalInt64($"len({name})").ShouldBe(3); // the snake is one code point, two UTF-16 units
        PyRun.EvalToString($"{name} == 'a\\U0001F40D\\u00e9'").ShouldBe("True");
        PyRun.Exec($"del {name}");
    }

    [Fact]
    public void FromString_refuses_a_lone_surrogate()
    {
        using GilScope gil = GilScope.Enter();

        Should.Throw<ArgumentException>(() => PyObjects.FromString("bad \ud800 text")).ParamName.ShouldBe("value");
    }

    [Fact]
    public void ReadString_of_a_str_with_a_lone_surrogate_throws_UnicodeEncodeError_and_clears_it()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle value = PyRun.Eval("'bad \\ud800 text'");

        Should.Throw<PythonException>(() => PyObjects.ReadString(value)).PythonTypeName.ShouldBe("UnicodeEncodeError");
        PythonException.IsPending.ShouldBeFalse();
    }

    [Fact]
    public void ReadString_copies_so_the_text_outlives_the_object()
    {
        string text;
        using (GilScope.Enter())
        {
            using PyObjectHandle value = PyRun.Eval("'-'.join(['héllo', 'wörld'])");
            text = PyObjects.ReadString(value);
        }

        GC.Collect();
        text.ShouldBe("héllo-wörld");
    }

    [Fact]
    public void ReadString_refuses_an_object_that_is_not_a_str()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle bytes = PyObjects.FromBytes("abc"u8);

        Should.Throw<ArgumentException>(() => PyObjects.ReadString(bytes)).Message.ShouldContain("Expected a 'str' object, got 'bytes'");
    }

    [Fact]
    public void FromBytes_and_ReadBytes_round_trip_including_zero_bytes()
    {
        using GilScope gil = GilScope.Enter();
        byte[] data = [0, 1, 2, 0, 255, 128];
        using PyObjectHandle value = PyObjects.FromBytes(data);
        using PyObjectHandle empty = PyObjects.FromBytes([]);

        value.TypeName.ShouldBe("bytes");
        PyObjects.ReadBytes(value).ShouldBe(data);
        value.ToString().ShouldBe("b'\\x00\\x01\\x02\\x00\\xff\\x80'");
        PyObjects.ReadBytes(empty).ShouldBeEmpty();
        using PyObjectHandle dict = PyObjects.NewDict();
        Should.Throw<ArgumentException>(() => PyObjects.ReadBytes(dict));
    }

    [Fact]
    public void Dict_items_are_stored_with_references_of_their_own()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle value = PyObjects.FromString("value text");
        long before = value.RefCount;

        using (PyObjectHandle dict = PyObjects.NewDict())
        {
            PyObjects.SetDictItem(dict, "key", value);
            using PyObjectHandle key = PyObjects.FromInt64(7);
            PyObjects.SetDictItem(dict, key, value);

            PyObjects.DictCount(dict).ShouldBe(2);
            value.RefCount.ShouldBe(before + 2);
            using PyObjectHandle found = PyObjects.GetDictItem(dict, "key").ShouldNotBeNull();
            found.DangerousGetPointer().ShouldBe(value.DangerousGetPointer());
            PyObjects.GetDictItem(dict, "absent").ShouldBeNull();
            dict.ToString().ShouldBe("{'key': 'value text', 7: 'value text'}");
        }

        value.RefCount.ShouldBe(before);
    }

    [Fact]
    public void SetDictItem_with_an_unhashable_key_throws_TypeError_and_clears_it()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle dict = PyObjects.NewDict();
        using PyObjectHandle key = PyObjects.NewList(0);

        PythonException e = Should.Throw<PythonException>(() => PyObjects.SetDictItem(dict, key, key));

        e.PythonTypeName.ShouldBe("TypeError");
        e.PythonMessage.ShouldContain("unhashable");
        PythonException.IsPending.ShouldBeFalse();
        PyObjects.DictCount(dict).ShouldBe(0);
    }

    [Fact]
    public void Dict_methods_refuse_bad_arguments()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle dict = PyObjects.NewDict();
        using PyObjectHandle list = PyObjects.NewList(0);

        Should.Throw<ArgumentException>(() => PyObjects.GetDictItem(dict, "nul\0key")).ParamName.ShouldBe("key");
        Should.Throw<ArgumentException>(() => PyObjects.SetDictItem(list, "key", dict)).Message.ShouldContain("Expected a 'dict' object, got 'list'");
        Should.Throw<ArgumentException>(() => PyObjects.DictCount(list));
        Should.Throw<ArgumentNullException>(() => PyObjects.SetDictItem(dict, (string)null!, list));
    }

    [Fact]
    public void GetBuiltinType_and_TypeOf_return_the_type_objects()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle listType = PyObjects.GetBuiltinType(PythonBuiltinType.List);
        using PyObjectHandle list = PyObjects.NewList(0);
        using PyObjectHandle typeOfList = PyObjects.TypeOf(list);

        listType.TypeName.ShouldBe("type");
        listType.ToString().ShouldBe("<class 'list'>");
        typeOfList.DangerousGetPointer().ShouldBe(listType.DangerousGetPointer());

        foreach ((PythonBuiltinType kind, string text) in new[]
                 {
                     (PythonBuiltinType.Object, "<class 'object'>"), (PythonBuiltinType.Dict, "<class 'dict'>"),
                     (PythonBuiltinType.Tuple, "<class 'tuple'>"), (PythonBuiltinType.Int, "<class 'int'>"),
                     (PythonBuiltinType.Str, "<class 'str'>"), (PythonBuiltinType.Bytes, "<class 'bytes'>"),
                 })
        {
            using PyObjectHandle type = PyObjects.GetBuiltinType(kind);
            type.ToString().ShouldBe(text);
        }

        Should.Throw<ArgumentOutOfRangeException>(() => PyObjects.GetBuiltinType((PythonBuiltinType)99));
    }

    [Fact]
    public void Collect_finds_an_unreachable_cycle()
    {
        using GilScope gil = GilScope.Enter();
        using (PyObjectHandle cycle = PyObjects.NewList(1))
        {
            PyObjects.SetListItem(cycle, 0, cycle);
        }

        PyObjects.Collect().ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Value_methods_throw_GilRequiredException_without_the_GIL()
    {
        FreshThread.Catch(() => PyObjects.FromInt64(1)).ShouldBeOfType<GilRequiredException>();
        FreshThread.Catch(() => PyObjects.FromString("x")).ShouldBeOfType<GilRequiredException>();
        FreshThread.Catch(() => PyObjects.FromBytes([1])).ShouldBeOfType<GilRequiredException>();
        FreshThread.Catch(() => PyObjects.NewDict()).ShouldBeOfType<GilRequiredException>();
        FreshThread.Catch(() => PyObjects.GetBuiltinType(PythonBuiltinType.List)).ShouldBeOfType<GilRequiredException>();
        FreshThread.Catch(() => PyObjects.Collect()).ShouldBeOfType<GilRequiredException>().FunctionName.ShouldBe("PyGC_Collect");
    }
}
