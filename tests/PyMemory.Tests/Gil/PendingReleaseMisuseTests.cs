using System.Runtime.InteropServices;

namespace PyMemory.Tests.Gil;

/// <summary>
/// <see cref="PythonRuntime.DrainPendingReleases"/>, <see cref="PythonException.IsPending"/> and
/// <see cref="PythonException.ThrowIfPending"/> used carelessly: drains racing each other and the finalizer, a drain
/// inside a nested scope or inside AllowThreads, the error checks without the GIL.
/// </summary>
[Collection(UsesPython.Name)]
public class PendingReleaseMisuseTests
{
    private const int Drainers = 8;
    private const int Handles = 2000;

    [Fact]
    public void Concurrent_drains_while_the_finalizer_queues_release_every_reference_exactly_once()
    {
        (nint target, long baseline) = NewTarget("pymemory_misuse_concurrent");
        AbandonHandles(target, Handles);

        using var stop = new ManualResetEventSlim();
        int negativeResults = 0;
        var drainers = Enumerable.Range(0, Drainers).Select(_ => FreshThread.Start(() =>
        {
            while (!stop.IsSet)
            {
                if (PythonRuntime.DrainPendingReleases() < 0)
                {
                    Interlocked.Increment(ref negativeResults);
                }

                PythonRuntime.PendingReleaseCount.ShouldBeGreaterThanOrEqualTo(0);
            }
        })).ToList();

        // The finalizer thread never holds the GIL, so every handle it releases is queued while the drainers run.
        FreshThread.Run(() =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        });
        stop.Set();
        drainers.ForEach(FreshThread.Join);
        _ = PythonRuntime.DrainPendingReleases();

        negativeResults.ShouldBe(0);
        using (GilScope.Enter())
        {
            // Below the baseline would be a double decref, above it a lost release.
            RefCount(target).ShouldBe(baseline);
        }
    }

    [Fact]
    public void Drain_inside_a_nested_scope_frees_the_queue_and_leaves_both_scopes_usable()
    {
        (nint target, long baseline) = NewTarget("pymemory_misuse_nested");
        PyObjectHandle extra = ExtraReference(target);
        using GilScope outer = GilScope.Enter();
        using (GilScope.Enter())
        {
            FreshThread.Run(extra.Dispose); // no GIL on that thread: queued, and this thread holds the GIL
            RefCount(target).ShouldBe(baseline + 1);

            PythonRuntime.DrainPendingReleases().ShouldBeGreaterThanOrEqualTo(1);
            RefCount(target).ShouldBe(baseline);

            // Twice in a row: nothing of the first batch is freed again.
            _ = PythonRuntime.DrainPendingReleases();
            RefCount(target).ShouldBe(baseline);
            GilScope.IsHeld.ShouldBeTrue();
        }

        // The inner scope's dispose was a plain pop: the outer one still holds the GIL and works.
        GilScope.IsHeld.ShouldBeTrue();
        PyRun.Eval("1 + 1").Dispose();
    }

    [Fact]
    public void Drain_inside_AllowThreads_throws_even_when_nothing_is_queued()
    {
        // The documented throw must not depend on whether some finalizer happened to queue a release.
        Exception? thrown = FreshThread.Catch(() =>
        {
            using GilScope gil = GilScope.Enter();
            using (GilScope.AllowThreads())
            {
                _ = PythonRuntime.DrainPendingReleases();
            }
        });

        thrown.ShouldBeOfType<InvalidOperationException>().Message.ShouldContain("AllowThreads");
    }

    [Fact]
    public void IsPending_and_ThrowIfPending_without_the_GIL_throw_GilRequiredException()
    {
        FreshThread.Catch(() => _ = PythonException.IsPending).ShouldBeOfType<GilRequiredException>();
        FreshThread.Catch(PythonException.ThrowIfPending).ShouldBeOfType<GilRequiredException>();
    }

    [Fact]
    public void IsPending_and_ThrowIfPending_inside_AllowThreads_throw_GilRequiredException_and_the_scope_recovers()
    {
        Exception? isPending = null;
        Exception? throwIfPending = null;
        bool pendingAfter = true;
        FreshThread.Run(() =>
        {
            using GilScope gil = GilScope.Enter();
            using (GilScope.AllowThreads())
            {
                isPending = Record.Exception(() => _ = PythonException.IsPending);
                throwIfPending = Record.Exception(PythonException.ThrowIfPending);
            }

            pendingAfter = PythonException.IsPending;
            PythonException.ThrowIfPending();
        });

        isPending.ShouldBeOfType<GilRequiredException>();
        throwIfPending.ShouldBeOfType<GilRequiredException>();
        pendingAfter.ShouldBeFalse();
    }

    /// <summary>A new object <c>__main__.<paramref name="name"/></c> and its reference count without any handle.</summary>
    private static (nint Target, long Baseline) NewTarget(string name)
    {
        using GilScope gil = GilScope.Enter();
        PyRun.Exec($"{name} = object()");
        using PyObjectHandle handle = PyRun.Eval(name);
        nint target = handle.DangerousGetPointer();
        return (target, RefCount(target) - 1);
    }

    private static PyObjectHandle ExtraReference(nint target)
    {
        using GilScope gil = GilScope.Enter();
        return PyObjectHandle.FromBorrowedReference(target);
    }

    /// <summary>Gives <paramref name="target"/> <paramref name="count"/> references whose handles are unreachable as
    /// soon as this returns (not inlined, so that the JIT keeps no reference to them), for the finalizer.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void AbandonHandles(nint target, int count)
    {
        using GilScope gil = GilScope.Enter();
        for (int i = 0; i < count; i++)
        {
            _ = PyObjectHandle.FromBorrowedReference(target);
        }
    }

    /// <summary>ob_refcnt, read from memory (the first field of every object in GIL builds 3.8-3.13).</summary>
    private static long RefCount(nint obj) => Marshal.ReadInt64(obj);
}
