namespace PyMemory.Tests.Objects;

[Collection(UsesPython.Name)]
public class PyObjectsListTests
{
    [Fact]
    public void NewList_creates_a_presized_list_of_empty_slots()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle list = PyObjects.NewList(3);

        PyObjects.ListCount(list).ShouldBe(3);
        list.TypeName.ShouldBe("list");
        Should.Throw<InvalidOperationException>(() => PyObjects.GetListItem(list, 1)).Message.ShouldContain("not been set");
    }

    [Fact]
    public void NewList_throws_for_a_negative_length()
    {
        using GilScope gil = GilScope.Enter();

        Should.Throw<ArgumentOutOfRangeException>(() => PyObjects.NewList(-1));
    }

    [Fact]
    public void SetListItem_keeps_the_callers_item_handle_valid_and_adds_one_reference()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle item = PyObjects.FromInt64(1_000_001);
        long before = item.RefCount;

        using (PyObjectHandle list = PyObjects.NewList(1))
        {
            PyObjects.SetListItem(list, 0, item); // PyList_SetItem steals: PyMemory adds the reference it steals

            item.RefCount.ShouldBe(before + 1);
            PyObjects.ReadInt64(item).ShouldBe(1_000_001);
            using PyObjectHandle stored = PyObjects.GetListItem(list, 0);
            stored.DangerousGetPointer().ShouldBe(item.DangerousGetPointer());
        }

        item.RefCount.ShouldBe(before); // the list's reference went with the list
        PyObjects.ReadInt64(item).ShouldBe(1_000_001);
    }

    [Fact]
    public void SetListItem_releases_the_item_it_replaces()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle first = PyObjects.FromString("first");
        using PyObjectHandle second = PyObjects.FromString("second");
        using PyObjectHandle list = PyObjects.NewList(1);
        long firstBefore = first.RefCount;

        PyObjects.SetListItem(list, 0, first);
        PyObjects.SetListItem(list, 0, second);

        first.RefCount.ShouldBe(firstBefore);
        list.ToString().ShouldBe("['second']");
    }

    [Fact]
    public void SetListItem_can_store_a_list_in_itself()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle list = PyObjects.NewList(1);

        PyObjects.SetListItem(list, 0, list);

        list.RefCount.ShouldBe(2);
        list.ToString().ShouldBe("[[...]]");
        using PyObjectHandle zero = PyObjects.FromInt64(0);
        PyObjects.SetListItem(list, 0, zero); // breaks the cycle
        list.RefCount.ShouldBe(1);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    [InlineData(int.MaxValue)]
    public void SetListItem_throws_for_an_index_outside_the_list_and_leaves_the_item_alone(int index)
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle list = PyObjects.NewList(3);
        using PyObjectHandle item = PyObjects.FromInt64(1_000_002);

        Should.Throw<ArgumentOutOfRangeException>(() => PyObjects.SetListItem(list, index, item)).ParamName.ShouldBe("index");
        Should.Throw<ArgumentOutOfRangeException>(() => PyObjects.GetListItem(list, index));

        item.RefCount.ShouldBe(1);
    }

    [Fact]
    public void List_methods_refuse_an_object_that_is_not_a_list()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle dict = PyObjects.NewDict();
        using PyObjectHandle item = PyObjects.FromInt64(1_000_003);

        Should.Throw<ArgumentException>(() => PyObjects.SetListItem(dict, 0, item)).Message.ShouldContain("Expected a 'list' object, got 'dict'");
        Should.Throw<ArgumentException>(() => PyObjects.GetListItem(dict, 0));
        Should.Throw<ArgumentException>(() => PyObjects.ListCount(item));
        item.RefCount.ShouldBe(1);
        PythonException.IsPending.ShouldBeFalse();
    }

    [Fact]
    public void List_subclasses_are_lists()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle list = PyRun.Eval("type('MyList', (list,), {})([1, 2])");
        using PyObjectHandle item = PyObjects.FromInt64(5);

        PyObjects.SetListItem(list, 1, item);

        list.ToString().ShouldBe("[1, 5]");
    }

    [Fact]
    public void List_methods_throw_ObjectDisposedException_for_disposed_handles()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle list = PyObjects.NewList(1);
        PyObjectHandle item = PyObjects.FromInt64(3);
        PyObjectHandle disposedList = PyObjects.NewList(1);
        item.Dispose();
        disposedList.Dispose();

        Should.Throw<ObjectDisposedException>(() => PyObjects.SetListItem(list, 0, item));
        Should.Throw<ObjectDisposedException>(() => PyObjects.SetListItem(disposedList, 0, list));
        Should.Throw<ObjectDisposedException>(() => PyObjects.ListCount(disposedList));
        list.RefCount.ShouldBe(1);
    }

    [Fact]
    public void List_methods_throw_GilRequiredException_without_the_GIL()
    {
        PyObjectHandle list;
        using (GilScope.Enter())
        {
            list = PyObjects.NewList(1);
        }

        try
        {
            FreshThread.Catch(() => PyObjects.NewList(1)).ShouldBeOfType<GilRequiredException>().FunctionName.ShouldBe("PyList_New");
            FreshThread.Catch(() => PyObjects.SetListItem(list, 0, list)).ShouldBeOfType<GilRequiredException>();
            FreshThread.Catch(() => PyObjects.GetListItem(list, 0)).ShouldBeOfType<GilRequiredException>();
            FreshThread.Catch(() => PyObjects.ListCount(list)).ShouldBeOfType<GilRequiredException>();
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
    public void A_presized_list_filled_with_ints_is_an_ordinary_list_for_Python()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle list = PyObjects.NewList(100);
        for (int i = 0; i < 100; i++)
        {
            using PyObjectHandle item = PyObjects.FromInt64(i);
            PyObjects.SetListItem(list, i, item);
        }

        string name = MainModule.UniqueName("filled");
        MainModule.Set(name, list);
        MainModule.EvalInt64($"sum({name})").ShouldBe(4950);
        PyRun.EvalToString($"{name}[:3] + {name}[-1:]").ShouldBe("[0, 1, 2, 99]");
        PyRun.Exec($"del {name}");
        list.RefCount.ShouldBe(1);
    }
}
