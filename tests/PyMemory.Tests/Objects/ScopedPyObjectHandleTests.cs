namespace PyMemory.Tests.Objects;

/// <summary><see cref="ScopedPyObjectHandle"/>: exact ownership like <see cref="PyObjectHandle"/>, one release however
/// often the struct is copied, the release rule without the GIL, and every misuse a .NET exception.</summary>
[Collection(UsesPython.Name)]
public class ScopedPyObjectHandleTests
{
    [Fact]
    public void FromBorrowedReference_adds_a_reference_and_Dispose_gives_it_back()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle list = PyObjects.NewList(0);

        using (ScopedPyObjectHandle scoped = ScopedPyObjectHandle.FromBorrowedReference(list.DangerousGetPointer()))
        {
            list.RefCount.ShouldBe(2);
            scoped.DangerousGetPointer().ShouldBe(list.DangerousGetPointer());
            scoped.TypeName.ShouldBe("list");
            scoped.IsDisposed.ShouldBeFalse();
        }

        list.RefCount.ShouldBe(1);
    }

    [Fact]
    public unsafe void FromNewReference_takes_over_the_reference_without_adding_one()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle list = PyObjects.NewList(0);
        PythonRuntime.Api.Py_IncRef(list.DangerousGetPointer()); // a new reference the caller owns

        using (ScopedPyObjectHandle.FromNewReference(list.DangerousGetPointer()))
        {
            list.RefCount.ShouldBe(2);
        }

        list.RefCount.ShouldBe(1);
    }

    [Fact]
    public void Null_references_are_refused()
    {
        using GilScope gil = GilScope.Enter();

        Should.Throw<ArgumentException>(() => { _ = ScopedPyObjectHandle.FromNewReference(0); }).ParamName.ShouldBe("reference");
        Should.Throw<ArgumentException>(() => { _ = ScopedPyObjectHandle.FromBorrowedReference(0); }).ParamName.ShouldBe("reference");
    }

    [Fact]
    public void A_copy_and_its_original_release_the_reference_once()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle list = PyObjects.NewList(0);
        ScopedPyObjectHandle scoped = ScopedPyObjectHandle.FromBorrowedReference(list.DangerousGetPointer());
        ScopedPyObjectHandle copy = scoped;

        copy.Dispose();
        list.RefCount.ShouldBe(1);
        scoped.IsDisposed.ShouldBeTrue();
        scoped.Dispose(); // the original after its copy: nothing
        copy.Dispose();
        list.RefCount.ShouldBe(1);

        Throws<ObjectDisposedException>(scoped, static h => h.DangerousGetPointer()).Message.ShouldContain("disposed (or a copy of it was)");
        Throws<ObjectDisposedException>(scoped, static h => _ = h.TypeName);
        Throws<ObjectDisposedException>(copy, static h => h.ToHandle().Dispose());
    }

    [Fact]
    public void A_stale_copy_cannot_release_the_reference_that_reuses_its_slot()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle first = PyObjects.NewList(0);
        using PyObjectHandle second = PyObjects.NewList(0);
        ScopedPyObjectHandle scoped = ScopedPyObjectHandle.FromBorrowedReference(first.DangerousGetPointer());
        ScopedPyObjectHandle stale = scoped;
        scoped.Dispose();
        int rented = ThreadSlots<ReferenceSlot>.RentedOnThisThread;

        using ScopedPyObjectHandle next = ScopedPyObjectHandle.FromBorrowedReference(second.DangerousGetPointer()); // the slot just freed
        ThreadSlots<ReferenceSlot>.RentedOnThisThread.ShouldBe(rented + 1);
        stale.Dispose();

        second.RefCount.ShouldBe(2); // the new owner's reference is still there
        next.DangerousGetPointer().ShouldBe(second.DangerousGetPointer());
        stale.IsDisposed.ShouldBeTrue();
        first.RefCount.ShouldBe(1);
    }

    [Fact]
    public void A_default_instance_owns_nothing_and_says_so()
    {
        using GilScope gil = GilScope.Enter();
        ScopedPyObjectHandle empty = default;

        empty.IsDisposed.ShouldBeTrue();
        empty.Dispose();
        Throws<InvalidOperationException>(empty, static h => h.DangerousGetPointer()).Message.ShouldContain("default");
        Throws<InvalidOperationException>(empty, static h => _ = h.TypeName);
        Throws<InvalidOperationException>(empty, static h => h.ToHandle().Dispose());
    }

    [Fact]
    public void ToHandle_gives_a_handle_with_its_own_reference()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle list = PyObjects.NewList(0);
        using ScopedPyObjectHandle scoped = ScopedPyObjectHandle.FromBorrowedReference(list.DangerousGetPointer());

        using (PyObjectHandle handle = scoped.ToHandle())
        {
            list.RefCount.ShouldBe(3);
            handle.DangerousGetPointer().ShouldBe(list.DangerousGetPointer());
        }

        list.RefCount.ShouldBe(2);
        scoped.IsDisposed.ShouldBeFalse();
    }

    [Fact]
    public unsafe void Without_the_GIL_reads_throw_and_Dispose_is_queued_until_the_next_GilScope()
    {
        using GilScope gil = GilScope.Enter(); // held throughout, so no other thread drains the queue meanwhile
        using PyObjectHandle list = PyObjects.NewList(0);
        nint pointer = list.DangerousGetPointer();
        PythonRuntime.Api.Py_IncRef(pointer); // the reference the other thread's scoped handle takes over
        string? typeNameError = null;

        FreshThread.Run(() =>
        {
            ScopedPyObjectHandle scoped = ScopedPyObjectHandle.FromNewReference(pointer); // needs no GIL
            typeNameError = Throws<GilRequiredException>(scoped, static h => _ = h.TypeName).GetType().Name;
            Throws<GilRequiredException>(scoped, static h => h.ToHandle().Dispose());
            scoped.Dispose();
            scoped.IsDisposed.ShouldBeTrue();
        });

        typeNameError.ShouldBe(nameof(GilRequiredException));
        list.RefCount.ShouldBe(2); // queued, not released on a thread without the GIL
        GilScope.Enter().Dispose(); // entering a scope drains the queue
        list.RefCount.ShouldBe(1);
    }

    [Fact]
    public void Making_and_disposing_handles_reuses_slots_and_allocates_nothing()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle list = PyObjects.NewList(0);
        nint pointer = list.DangerousGetPointer();
        ScopedPyObjectHandle.FromBorrowedReference(pointer).Dispose(); // this thread's first slots
        int rented = ThreadSlots<ReferenceSlot>.RentedOnThisThread;

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            using ScopedPyObjectHandle outer = ScopedPyObjectHandle.FromBorrowedReference(pointer);
            using ScopedPyObjectHandle inner = ScopedPyObjectHandle.FromBorrowedReference(pointer);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
        ThreadSlots<ReferenceSlot>.RentedOnThisThread.ShouldBe(rented);
        list.RefCount.ShouldBe(1);
    }

    [Fact]
    public void PyRun_Call_passes_the_scoped_argument_and_leaves_it_owned_by_the_caller()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle list = PyRun.Eval("[1, 2, 3]");
        using PyObjectHandle len = PyRun.Eval("len");
        using PyObjectHandle notCallable = PyRun.Eval("42");
        using ScopedPyObjectHandle scoped = ScopedPyObjectHandle.FromBorrowedReference(list.DangerousGetPointer());

        using (PyObjectHandle length = PyRun.Call(len, scoped))
        {
            PyObjects.ReadInt64(length).ShouldBe(3);
        }

        list.RefCount.ShouldBe(2);
        Throws<ArgumentException>(scoped, h => PyRun.Call(notCallable, h).Dispose()).Message.ShouldContain("not callable");
        Throws<ArgumentNullException>(scoped, static h => PyRun.Call(null!, h).Dispose());
        list.RefCount.ShouldBe(2);

        ScopedPyObjectHandle disposed = ScopedPyObjectHandle.FromBorrowedReference(list.DangerousGetPointer());
        disposed.Dispose();
        Throws<ObjectDisposedException>(disposed, h => PyRun.Call(len, h).Dispose());
        Throws<InvalidOperationException>(default, h => PyRun.Call(len, h).Dispose());
        list.RefCount.ShouldBe(2);
    }

    [Fact]
    public unsafe void Handles_made_and_released_on_many_threads_with_and_without_the_GIL_balance_exactly()
    {
        PyObjectHandle shared;
        using (GilScope.Enter())
        {
            shared = PyObjects.NewList(0);
        }

        nint pointer = shared.DangerousGetPointer();
        Parallel.For(0, 4, worker =>
        {
            for (int i = 0; i < 500; i++)
            {
                if (worker % 2 == 0)
                {
                    using GilScope gil = GilScope.Enter();
                    using ScopedPyObjectHandle scoped = ScopedPyObjectHandle.FromBorrowedReference(pointer);
                    ScopedPyObjectHandle copy = scoped;
                    copy.Dispose(); // released here; the using's Dispose then does nothing
                }
                else
                {
                    using (GilScope.Enter())
                    {
                        PythonRuntime.Api.Py_IncRef(pointer);
                    }

                    ScopedPyObjectHandle.FromNewReference(pointer).Dispose(); // no GIL here: queued
                }
            }
        });

        using (GilScope.Enter()) // drains the queue
        {
            shared.RefCount.ShouldBe(1);
            shared.Dispose();
        }
    }

    /// <summary>Should.Throw for a scoped handle (see <see cref="RefStructAssert"/>).</summary>
    internal static TException Throws<TException>(ScopedPyObjectHandle handle, Action<ScopedPyObjectHandle> use)
        where TException : Exception => RefStructAssert.Throws<TException, ScopedPyObjectHandle>(handle, use);
}
