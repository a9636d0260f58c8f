using PyMemory.Diagnostics;
using PyMemory.Tests.Blocks;

namespace PyMemory.Tests.Objects;

/// <summary><see cref="PyObjectHandle.Detach"/>: the handle gives its reference up without a decref, exactly once.</summary>
[Collection(SerialCountTests.Name)]
public class PyObjectHandleDetachTests
{
    public PyObjectHandleDetachTests()
    {
        SerialCountTests.Settle();
    }

    [Fact]
    public void Detach_returns_the_pointer_with_its_reference_and_closes_the_handle()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle anchor = PyRun.Eval("[1, 2]");
        long before = anchor.RefCount;
        PyObjectHandle handle = PyObjectHandle.FromBorrowedReference(anchor.DangerousGetPointer());
        anchor.RefCount.ShouldBe(before + 1);

        nint pointer = handle.Detach();

        pointer.ShouldBe(anchor.DangerousGetPointer());
        handle.IsClosed.ShouldBeTrue();
        anchor.RefCount.ShouldBe(before + 1); // the reference is the caller's now
        handle.Dispose(); // harmless, and releases nothing
        anchor.RefCount.ShouldBe(before + 1);
        Should.Throw<ObjectDisposedException>(() => handle.RefCount);

        PyObjectHandle.FromNewReference(pointer).Dispose(); // the caller releases what it was given
        anchor.RefCount.ShouldBe(before);
    }

    [Fact]
    public void Detach_twice_or_after_Dispose_throws_and_an_empty_handle_cannot_be_detached()
    {
        using GilScope gil = GilScope.Enter();
        PyObjectHandle handle = PyRun.Eval("object()");
        nint pointer = handle.Detach();
        Should.Throw<ObjectDisposedException>(() => handle.Detach());
        PyObjectHandle.FromNewReference(pointer).Dispose();

        PyObjectHandle disposed = PyRun.Eval("object()");
        disposed.Dispose();
        Should.Throw<ObjectDisposedException>(() => disposed.Detach());

        using var empty = new PyObjectHandle();
        Should.Throw<InvalidOperationException>(() => empty.Detach());
    }

    [Fact]
    public void Detach_needs_no_GIL_and_the_handle_is_no_longer_counted_live()
    {
        PyObjectHandle handle;
        using (GilScope.Enter())
        {
            handle = PyRun.Eval("object()");
        }

        long before = LiveHandles.Snapshot().PyObjectHandles;
        nint pointer = 0;
        FreshThread.Run(() => pointer = handle.Detach()); // a thread that never held the GIL

        pointer.ShouldNotBe(0);
        LiveHandles.Snapshot().PyObjectHandles.ShouldBe(before - 1);
        using (GilScope.Enter())
        {
            PyObjectHandle.FromNewReference(pointer).Dispose();
        }
    }

    [Fact]
    public void Detach_racing_Dispose_leaves_exactly_one_owner_of_the_reference()
    {
        PyObjectHandle anchor;
        long baseline;
        using (GilScope.Enter())
        {
            anchor = PyRun.Eval("[0]");
            baseline = anchor.RefCount;
        }

        using (anchor)
        {
            for (int round = 0; round < 200; round++)
            {
                PyObjectHandle contested;
                using (GilScope.Enter())
                {
                    contested = PyObjectHandle.FromBorrowedReference(anchor.DangerousGetPointer());
                }

                nint detached = 0;
                using var go = new ManualResetEventSlim();
                (Thread detacher, Func<Exception?> detachError) = FreshThread.Start(() =>
                {
                    go.Wait();
                    try
                    {
                        detached = contested.Detach();
                    }
                    catch (ObjectDisposedException)
                    {
                        // Dispose won: it owns the release.
                    }
                });
                (Thread disposer, Func<Exception?> disposeError) = FreshThread.Start(() =>
                {
                    go.Wait();
                    contested.Dispose(); // without the GIL: queued when it wins
                });
                go.Set();
                detacher.Join(FreshThread.Timeout).ShouldBeTrue();
                disposer.Join(FreshThread.Timeout).ShouldBeTrue();
                detachError().ShouldBeNull();
                disposeError().ShouldBeNull();

                using GilScope gil = GilScope.Enter();
                _ = PythonRuntime.DrainPendingReleases();
                anchor.RefCount.ShouldBe(baseline + (detached != 0 ? 1 : 0), $"round {round}");
                if (detached != 0)
                {
                    PyObjectHandle.FromNewReference(detached).Dispose();
                }

                anchor.RefCount.ShouldBe(baseline);
            }
        }
    }
}
