using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PyMemory.Tests.Gil;

/// <summary>
/// Finalizers never take the GIL: a handle finalized while another thread holds it is queued, and freed the next
/// time PyMemory holds the GIL (scope enter or outermost exit).
/// </summary>
[Collection(UsesPython.Name)]
public class PendingReleaseTests
{
    private const int Handles = 50;

    [Fact]
    public void GC_while_another_thread_holds_the_GIL_does_not_deadlock_and_queues_the_releases()
    {
        long whileHeld = -1;
        (nint target, long baseline) = FinalizeWhileAnotherThreadHolds("pymemory_pending_target", target =>
        {
            // Nothing could drain the queue: this thread held the GIL all along.
            whileHeld = RefCount(target);
        });

        whileHeld.ShouldBe(baseline + Handles);
        using (GilScope.Enter())
        {
            // The holder's outermost exit (or this enter) drained the queue.
            RefCount(target).ShouldBe(baseline);
        }
    }

    [Fact]
    public void Handle_disposed_without_the_GIL_is_released_at_the_next_scope()
    {
        (nint target, long baseline, PyObjectHandle extra) = NewObjectWithExtraHandle("pymemory_pending_dispose");

        FreshThread.Run(extra.Dispose);

        using (GilScope.Enter())
        {
            RefCount(target).ShouldBe(baseline);
        }
    }

    [Fact]
    public void DrainPendingReleases_frees_the_queue_at_once_and_counts_what_it_freed()
    {
        int drained = -1;
        long beforeDrain = -1;
        long afterDrain = -1;
        (nint _, long baseline) = FinalizeWhileAnotherThreadHolds("pymemory_drain_target", target =>
        {
            // This thread held the GIL all along, so nothing else could free the queue: the drain is the call's doing.
            beforeDrain = RefCount(target);
            drained = PythonRuntime.DrainPendingReleases();
            afterDrain = RefCount(target);
        });

        beforeDrain.ShouldBe(baseline + Handles);
        drained.ShouldBeGreaterThanOrEqualTo(Handles);
        afterDrain.ShouldBe(baseline);
    }

    [Fact]
    public void DrainPendingReleases_on_a_thread_without_the_GIL_takes_it_and_gives_it_back()
    {
        (nint target, long baseline, PyObjectHandle extra) = NewObjectWithExtraHandle("pymemory_drain_fresh");

        bool heldAfter = true;
        FreshThread.Run(() =>
        {
            extra.Dispose(); // no GIL here: queued
            _ = PythonRuntime.DrainPendingReleases();
            heldAfter = GilScope.IsHeld;
        });

        heldAfter.ShouldBeFalse();
        using (GilScope.Enter())
        {
            // Freed by the drain (or by another test's scope in between, which is the same release).
            RefCount(target).ShouldBe(baseline);
        }
    }

    [Fact]
    public void DrainPendingReleases_inside_AllowThreads_throws()
    {
        using var released = new ManualResetEventSlim();
        using var holding = new ManualResetEventSlim();
        using var done = new ManualResetEventSlim();
        PyObjectHandle? handle = null;
        Exception? thrown = null;
        int queued = -1;
        var caller = FreshThread.Start(() =>
        {
            using GilScope gil = GilScope.Enter();
            using (GilScope.AllowThreads())
            {
                released.Set();
                holding.Wait(FreshThread.Timeout).ShouldBeTrue();

                // The holder keeps the GIL, so nothing can free the queue meanwhile: the drain must take the GIL.
                handle!.Dispose();
                queued = PythonRuntime.PendingReleaseCount;
                thrown = Record.Exception(() => PythonRuntime.DrainPendingReleases());
                done.Set();
            }
        });
        var holder = FreshThread.Start(() =>
        {
            released.Wait(FreshThread.Timeout).ShouldBeTrue();
            using GilScope gil = GilScope.Enter();
            handle = PyRun.Eval("object()");
            holding.Set();
            done.Wait(FreshThread.Timeout).ShouldBeTrue();
        });

        FreshThread.Join(holder);
        FreshThread.Join(caller);
        queued.ShouldBeGreaterThan(0);
        thrown.ShouldBeOfType<InvalidOperationException>().Message.ShouldContain("AllowThreads");
    }

    /// <summary>
    /// Gives a new object (<c>__main__.<paramref name="name"/></c>) <see cref="Handles"/> extra references, lets the
    /// finalizer release them while another thread holds the GIL (so they can only be queued), and then runs
    /// <paramref name="stillHolding"/> on that thread while it still holds the GIL.
    /// </summary>
    /// <returns>The object and its reference count without the extra references.</returns>
    private static (nint Target, long Baseline) FinalizeWhileAnotherThreadHolds(string name, Action<nint> stillHolding)
    {
        nint target;
        long baseline;

        // The handles stay reachable until another thread holds the GIL: a GC caused by a test running in parallel
        // must not finalize them earlier, when any scope could still drain the queue.
        var handles = new StrongBox<PyObjectHandle[]?>();
        using (GilScope.Enter())
        {
            PyRun.Exec($"{name} = object()");
            using PyObjectHandle handle = PyRun.Eval(name);
            target = handle.DangerousGetPointer();
            baseline = RefCount(target) - 1; // without the handle above
            handles.Value = CreateHandles(target);
            RefCount(target).ShouldBe(baseline + 1 + Handles);
        }

        using var holding = new ManualResetEventSlim();
        using var collected = new ManualResetEventSlim();
        var holder = FreshThread.Start(() =>
        {
            using GilScope gil = GilScope.Enter();
            holding.Set();
            collected.Wait(FreshThread.Timeout).ShouldBeTrue();
            stillHolding(target);
        });

        holding.Wait(FreshThread.Timeout).ShouldBeTrue();
        handles.Value = null; // abandoned now: only the finalizer will release them
        // Bounded: FreshThread.Join fails with a TimeoutException if the finalizer waits for the GIL.
        FreshThread.Run(() =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        });
        PythonRuntime.PendingReleaseCount.ShouldBeGreaterThanOrEqualTo(Handles);
        collected.Set();
        FreshThread.Join(holder);
        return (target, baseline);
    }

    /// <summary>A new object (<c>__main__.<paramref name="name"/></c>) and one extra handle to it, made under the GIL.</summary>
    /// <returns>The object, its reference count without the extra handle, and the handle.</returns>
    private static (nint Target, long Baseline, PyObjectHandle Extra) NewObjectWithExtraHandle(string name)
    {
        using GilScope gil = GilScope.Enter();
        PyRun.Exec($"{name} = object()");
        using PyObjectHandle handle = PyRun.Eval(name);
        nint target = handle.DangerousGetPointer();
        PyObjectHandle extra = PyObjectHandle.FromBorrowedReference(target);
        return (target, RefCount(target) - 2, extra);
    }

    private static PyObjectHandle[] CreateHandles(nint target) =>
        [.. Enumerable.Range(0, Handles).Select(_ => PyObjectHandle.FromBorrowedReference(target))];

    /// <summary>ob_refcnt, read from memory (the first field of every object in GIL builds 3.8-3.13).</summary>
    private static long RefCount(nint obj) => Marshal.ReadInt64(obj);
}
