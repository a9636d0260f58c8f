using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PyMemory.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace PyMemory.Tests.Gil;

/// <summary>
/// Finalizers never take the GIL: a handle finalized while another thread holds it is queued, and freed the next
/// time PyMemory holds the GIL (scope enter or outermost exit).
/// </summary>
public class PendingReleaseTests
{
    private const int Handles = 50;

    public PendingReleaseTests() => TestPython.Ensure();

    [Fact]
    public void GC_while_another_thread_holds_the_GIL_does_not_deadlock_and_queues_the_releases()
    {
        nint target;
        long baseline;

        // The handles stay reachable until another thread holds the GIL: a GC caused by a test running in parallel
        // must not finalize them earlier, when any scope could still drain the queue.
        var handles = new StrongBox<PyObjectHandle[]?>();
        using (GilScope.Enter())
        {
            PyRun.Exec("pymemory_pending_target = object()");
            using PyObjectHandle handle = PyRun.Eval("pymemory_pending_target");
            target = handle.DangerousGetPointer();
            baseline = RefCount(target) - 1; // without the handle above
            handles.Value = CreateHandles(target);
            RefCount(target).ShouldBe(baseline + 1 + Handles);
        }

        using var holding = new ManualResetEventSlim();
        using var collected = new ManualResetEventSlim();
        long whileHeld = -1;
        var holder = FreshThread.Start(() =>
        {
            using GilScope gil = GilScope.Enter();
            holding.Set();
            collected.Wait(FreshThread.Timeout).ShouldBeTrue();

            // Nothing could drain the queue: this thread held the GIL all along.
            whileHeld = RefCount(target);
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
        nint target;
        long baseline;
        PyObjectHandle extra;
        using (GilScope.Enter())
        {
            PyRun.Exec("pymemory_pending_dispose = object()");
            using PyObjectHandle handle = PyRun.Eval("pymemory_pending_dispose");
            target = handle.DangerousGetPointer();
            extra = PyObjectHandle.FromBorrowedReference(target);
            baseline = RefCount(target) - 2;
        }

        FreshThread.Run(extra.Dispose);

        using (GilScope.Enter())
        {
            RefCount(target).ShouldBe(baseline);
        }
    }

    private static PyObjectHandle[] CreateHandles(nint target) =>
        [.. Enumerable.Range(0, Handles).Select(_ => PyObjectHandle.FromBorrowedReference(target))];

    /// <summary>ob_refcnt, read from memory (the first field of every object in GIL builds 3.8-3.13).</summary>
    private static long RefCount(nint obj) => Marshal.ReadInt64(obj);
}
