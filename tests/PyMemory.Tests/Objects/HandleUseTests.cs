namespace PyMemory.Tests.Objects;

/// <summary>The one AddRef/Release bracket (HandleUse) under the PyObjects calls: whatever throws inside it, every
/// handle that was entered gets its SafeHandle reference back, so disposing the handle still releases the object.</summary>
[Collection(UsesPython.Name)]
public class HandleUseTests
{
    [Fact]
    public void A_call_that_throws_inside_the_bracket_gives_every_handle_back_so_Dispose_still_releases()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle item = PyObjects.FromInt64(1_000_007);
        PyObjectHandle list = PyObjects.NewList(1);
        PyObjects.SetListItem(list, 0, item);
        PyObjectHandle disposed = PyObjects.NewList(0);
        disposed.Dispose();
        item.RefCount.ShouldBe(2); // the handle's and the list's

        Should.Throw<ObjectDisposedException>(() => PyObjects.SetListItem(list, 0, disposed)); // the second handle fails after the first was entered
        Should.Throw<ArgumentOutOfRangeException>(() => PyObjects.SetListItem(list, 5, item)); // both entered, then the index check throws
        Should.Throw<ArgumentException>(() => PyObjects.SetDictItem(list, item, item)); // three entered, then the type check throws
        Should.Throw<ArgumentException>(() => PyObjects.ReadInt64(list));

        list.Dispose(); // a SafeHandle reference left behind would keep ReleaseHandle (Py_DecRef) from ever running
        list.IsClosed.ShouldBeTrue();
        item.RefCount.ShouldBe(1);
    }
}
