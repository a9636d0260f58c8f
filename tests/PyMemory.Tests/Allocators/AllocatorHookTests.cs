using PyMemory.Allocators;
using PyMemory.ChildHost;
using PyMemory.Interop;

namespace PyMemory.Tests.Allocators;

[Collection(SerialAllocatorTests.Name)]
public class AllocatorHookTests
{
    public static TheoryData<MemoryDomain> Domains => new() { MemoryDomain.Raw, MemoryDomain.Mem, MemoryDomain.Obj };

    [Theory]
    [MemberData(nameof(Domains))]
    public void A_hook_sees_exactly_the_calls_with_its_own_context_then_the_original_is_back(MemoryDomain domain)
    {
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        AllocatorFunctions original = PythonAllocators.Get(domain);
        var hook = new RecordingHook();
        AllocatorHookScope scope = PythonAllocators.Install(hook, domain);
        nint p, p2, c;
        try
        {
            PythonAllocators.Get(domain).ShouldBe(scope.GetInstalled(domain));
            scope.GetPrevious(domain).ShouldBe(original);
            hook.Recording = true;
            p = RawDomainCalls.Malloc(api, domain, 42);
            p2 = RawDomainCalls.Realloc(api, domain, p, 200);
            c = RawDomainCalls.Calloc(api, domain, 2, 5);
            RawDomainCalls.Free(api, domain, p2);
            RawDomainCalls.Free(api, domain, c);
            hook.Recording = false;
        }
        finally
        {
            scope.Dispose();
        }

        hook.Calls.ShouldBe(
        [
            $"malloc(42) = {p:x}",
            $"realloc({p:x}, 200) = {p2:x}",
            $"calloc(2, 5) = {c:x}",
            $"free({p2:x})",
            $"free({c:x})",
        ]);
        new[] { p, p2, c }.ShouldAllBe(x => x != 0);
        hook.SeenContext.ShouldBe(scope.GetInstalled(domain).Context);
        PythonAllocators.Get(domain).ShouldBe(original);
        scope.IsActive.ShouldBeFalse();
        scope.WasRemovedExternally.ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(Domains))]
    public void Zero_byte_requests_through_a_hook_return_distinct_non_null_pointers(MemoryDomain domain)
    {
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        using AllocatorHookScope scope = PythonAllocators.Install(new PassThroughHook(), domain);

        nint[] blocks = [RawDomainCalls.Malloc(api, domain, 0), RawDomainCalls.Malloc(api, domain, 0), RawDomainCalls.Calloc(api, domain, 0, 0)];
        foreach (nint block in blocks)
        {
            RawDomainCalls.Free(api, domain, block);
        }

        blocks.ShouldAllBe(b => b != 0);
        blocks.Distinct().Count().ShouldBe(3);
    }

    [Fact]
    public void Methods_a_hook_does_not_override_are_forwarded_natively_and_the_others_reach_the_hook()
    {
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        var freeOnly = new SizeCountingHook(0); // overrides Malloc and Free only
        using AllocatorHookScope scope = PythonAllocators.Install(freeOnly, MemoryDomain.Obj);
        using AllocatorHookScope pass = PythonAllocators.Install(new PassThroughHook(), MemoryDomain.Mem);

        AllocatorFunctions obj = scope.GetInstalled(MemoryDomain.Obj);
        AllocatorFunctions mem = pass.GetInstalled(MemoryDomain.Mem);
        NativeForwarders.Available.ShouldBeTrue(); // x64 Linux: the forwarders must exist here
        NativeForwarders.Contains(obj.Malloc).ShouldBeFalse();
        NativeForwarders.Contains(obj.Free).ShouldBeFalse();
        NativeForwarders.Contains(obj.Calloc).ShouldBeTrue();
        NativeForwarders.Contains(obj.Realloc).ShouldBeTrue();
        new[] { mem.Malloc, mem.Calloc, mem.Realloc, mem.Free }.ShouldAllBe(f => NativeForwarders.Contains(f));
        PythonAllocators.IsPyMemoryHook(PythonAllocators.Get(MemoryDomain.Mem)).ShouldBeTrue();

        // Forwarded calls still work: each function reaches the allocator below with its own context.
        nint a = RawDomainCalls.Calloc(api, MemoryDomain.Obj, 3, 7);
        nint b = RawDomainCalls.Realloc(api, MemoryDomain.Obj, a, 300);
        nint c = RawDomainCalls.Malloc(api, MemoryDomain.Mem, 100);
        nint d = RawDomainCalls.Realloc(api, MemoryDomain.Mem, c, 1000);
        freeOnly.WatchedBlock = b;
        RawDomainCalls.Free(api, MemoryDomain.Obj, b);
        RawDomainCalls.Free(api, MemoryDomain.Mem, d);

        new[] { a, b, c, d }.ShouldAllBe(p => p != 0);
        freeOnly.Frees.ShouldBe(1);
    }

    [Fact]
    public void Disposing_twice_is_harmless()
    {
        AllocatorFunctions original = PythonAllocators.Get(MemoryDomain.Mem);
        AllocatorHookScope scope = PythonAllocators.Install(new PassThroughHook(), MemoryDomain.Mem);

        scope.Dispose();
        scope.Dispose();

        PythonAllocators.Get(MemoryDomain.Mem).ShouldBe(original);
    }

    [Fact]
    public void Scopes_disposed_out_of_order_are_detected_and_nothing_changes()
    {
        AllocatorFunctions original = PythonAllocators.Get(MemoryDomain.Mem);
        AllocatorHookScope outer = PythonAllocators.Install(new PassThroughHook(), MemoryDomain.Mem);
        AllocatorHookScope inner = PythonAllocators.Install(new PassThroughHook(), MemoryDomain.Mem, MemoryDomain.Obj);

        var e = Should.Throw<InvalidOperationException>(outer.Dispose);

        e.Message.ShouldContain("reverse order");
        outer.IsActive.ShouldBeTrue();
        PythonAllocators.Get(MemoryDomain.Mem).ShouldBe(inner.GetInstalled(MemoryDomain.Mem));
        inner.GetPrevious(MemoryDomain.Mem).ShouldBe(outer.GetInstalled(MemoryDomain.Mem));
        inner.Dispose();
        PythonAllocators.Get(MemoryDomain.Mem).ShouldBe(outer.GetInstalled(MemoryDomain.Mem));
        outer.Dispose();
        PythonAllocators.Get(MemoryDomain.Mem).ShouldBe(original);
    }

    [Fact]
    public void The_description_names_the_preset_under_PyMemory_hooks()
    {
        using AllocatorHookScope scope = PythonAllocators.Install(new PassThroughHook(), MemoryDomain.Mem);

        AllocatorDescription description = PythonAllocators.Describe();

        PythonAllocators.CurrentAllocatorName.ShouldBeNull(); // CPython itself no longer recognizes the set
        PythonAllocators.IsPyMemoryHook(PythonAllocators.Get(MemoryDomain.Mem)).ShouldBeTrue();
        PythonAllocators.IsPyMemoryHook(PythonAllocators.Get(MemoryDomain.Obj)).ShouldBeFalse();
        description.PresetName.ShouldBe(AllocatorUnderTest.PresetName);
        description.PyMemoryHooks.ShouldBe(["MEM: PassThroughHook"]);
        description.HasUnknownAllocators.ShouldBeFalse();
        description.DebugHooksActive.ShouldBe(AllocatorUnderTest.DebugHooks);
        description.ToString().ShouldBe(AllocatorUnderTest.Described + "; PyMemory hooks: MEM: PassThroughHook");
    }

    [Fact]
    public void An_exception_in_malloc_becomes_an_allocation_failure_and_is_recorded()
    {
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        var hook = new ThrowingHook { ThrowOnMallocSize = 4242 };
        nint block;
        using (PythonAllocators.Install(hook, MemoryDomain.Mem))
        {
            block = RawDomainCalls.Malloc(api, MemoryDomain.Mem, 4242);
        }

        block.ShouldBe(0);
        hook.CallbackExceptionCount.ShouldBe(1);
        hook.LastCallbackException.ShouldBeOfType<InvalidOperationException>().Message.ShouldContain("4242");
    }

    [Theory]
    [MemberData(nameof(Domains))]
    public void Exceptions_in_calloc_and_realloc_become_failures_and_a_failed_realloc_keeps_the_block(MemoryDomain domain)
    {
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        var hook = new ThrowingHook { ThrowOnMallocSize = 4096 };
        nint calloc, block, resized;
        using (PythonAllocators.Install(hook, domain))
        {
            calloc = RawDomainCalls.Calloc(api, domain, 2, 2048);
            block = RawDomainCalls.Malloc(api, domain, 64);
            System.Runtime.InteropServices.Marshal.WriteInt64(block, 0x1122334455667788);
            resized = RawDomainCalls.Realloc(api, domain, block, 4096);
        }

        System.Runtime.InteropServices.Marshal.ReadInt64(block).ShouldBe(0x1122334455667788); // still valid, untouched
        RawDomainCalls.Free(api, domain, block);
        calloc.ShouldBe(0);
        resized.ShouldBe(0);
        hook.CallbackExceptionCount.ShouldBe(2);
        hook.LastCallbackException!.Message.ShouldContain("realloc to 4096");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_exception_in_free_still_frees_the_block_exactly_once(bool throwAfterFreeing)
    {
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        var below = new SizeCountingHook(777);
        var hook = new ThrowingHook { ThrowAfterFreeing = throwAfterFreeing };
        using (AllocatorHookScope lower = PythonAllocators.Install(below, MemoryDomain.Obj))
        using (AllocatorHookScope upper = PythonAllocators.Install(hook, MemoryDomain.Obj))
        {
            nint block = RawDomainCalls.Malloc(api, MemoryDomain.Obj, 777);
            below.WatchedBlock = block;
            hook.ThrowOnFreeBlock = block;
            RawDomainCalls.Free(api, MemoryDomain.Obj, block);
        }

        below.Mallocs.ShouldBe(1);
        below.Frees.ShouldBe(1); // reached the allocator below: nothing leaked, nothing freed twice
        hook.CallbackExceptionCount.ShouldBe(1);
        hook.LastCallbackException!.Message.ShouldBe("free refused by the test");
    }

    [Fact]
    public void A_RAW_hook_is_called_concurrently_from_many_threads_without_the_GIL()
    {
        PythonApi api = PythonRuntime.Api;
        const int threads = 8, perThread = 5_000;
        var hook = new SizeCountingHook(12_345);
        using (PythonAllocators.Install(hook, MemoryDomain.Raw))
        {
            using var start = new Barrier(threads);
            var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
            {
                start.SignalAndWait();
                for (int i = 0; i < perThread; i++)
                {
                    nint block = RawDomainCalls.Malloc(api, MemoryDomain.Raw, 12_345);
                    if (block == 0)
                    {
                        throw new InvalidOperationException("RAW malloc failed under the hook");
                    }

                    RawDomainCalls.Free(api, MemoryDomain.Raw, block);
                }
            })).ToList();
            workers.ForEach(t => t.Start());
            workers.ForEach(t => t.Join());
        }

        hook.Mallocs.ShouldBe(threads * perThread);
        hook.CallbackExceptionCount.ShouldBe(0);
    }

    [Fact]
    public void Hooks_on_RAW_and_OBJ_serve_threads_Python_itself_creates()
    {
        // Python's threads are unknown to .NET until they enter a callback; large OBJ requests go on to RAW, so an OBJ
        // hook calls into the RAW hook (which must not happen without the GC transition).
        var raw = new ThreadRecordingHook();
        var obj = new ThreadRecordingHook();
        using GilScope gil = GilScope.Enter();
        using (PythonAllocators.Install(raw, MemoryDomain.Raw))
        using (PythonAllocators.Install(obj, MemoryDomain.Obj))
        {
            PyRun.Exec("""
                import threading
                def _work(out, i):
                    out[i] = sum(len(bytearray(100_000 + k)) for k in range(50))
                _results = [0] * 4
                _threads = [threading.Thread(target=_work, args=(_results, i)) for i in range(4)]
                for t in _threads: t.start()
                for t in _threads: t.join()
                """);
            PyRun.EvalToString("sum(_results)").ShouldBe((4 * ((50 * 100_000) + (49 * 50 / 2))).ToString(System.Globalization.CultureInfo.InvariantCulture));
            PyRun.Exec("del _results, _threads, _work");
        }

        raw.Threads.Count.ShouldBeGreaterThan(1);
        obj.Threads.Count.ShouldBeGreaterThan(1);
        raw.Mallocs.ShouldBeGreaterThanOrEqualTo(200);
        raw.CallbackExceptionCount.ShouldBe(0);
        obj.CallbackExceptionCount.ShouldBe(0);
    }

    [Fact]
    public void Python_code_runs_normally_under_pass_through_hooks_on_every_domain()
    {
        using GilScope gil = GilScope.Enter();
        var hook = new RecordingHook();
        using (PythonAllocators.Install(hook, MemoryDomain.Raw, MemoryDomain.Mem, MemoryDomain.Obj))
        {
            hook.Recording = true;
            PyRun.Exec("import json\n_hooked = json.loads(json.dumps([{'k': i, 's': str(i)} for i in range(5000)]))");
            hook.Recording = false;
            PyRun.EvalToString("sum(d['k'] for d in _hooked)").ShouldBe("12497500");
        }

        hook.Calls.Count.ShouldBeGreaterThan(5000);
        PyRun.Exec("del _hooked");
    }

    [Fact]
    public void A_scope_under_tracemalloc_cannot_be_removed_until_tracemalloc_stops()
    {
        using GilScope gil = GilScope.Enter();
        AllocatorFunctions original = PythonAllocators.Get(MemoryDomain.Mem);
        AllocatorHookScope scope = PythonAllocators.Install(new PassThroughHook(), MemoryDomain.Mem);
        PyRun.Exec("import tracemalloc; tracemalloc.start()");
        try
        {
            PythonAllocators.Describe().HasUnknownAllocators.ShouldBeTrue();
            var e = Should.Throw<InvalidOperationException>(scope.Dispose);
            e.Message.ShouldContain("tracemalloc");
            scope.IsActive.ShouldBeTrue();
        }
        finally
        {
            PyRun.Exec("tracemalloc.stop()");
        }

        scope.Dispose();
        scope.WasRemovedExternally.ShouldBeFalse();
        PythonAllocators.Get(MemoryDomain.Mem).ShouldBe(original);
    }

    [Fact]
    public void A_hook_dropped_by_tracemalloc_stop_gets_no_calls_and_its_scope_disposes_saying_so()
    {
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        AllocatorFunctions mem = PythonAllocators.Get(MemoryDomain.Mem), obj = PythonAllocators.Get(MemoryDomain.Obj);
        var hook = new RecordingHook();
        AllocatorHookScope? scope = null;
        PyRun.Exec("import tracemalloc; tracemalloc.start()");
        try
        {
            scope = PythonAllocators.Install(hook, MemoryDomain.Mem, MemoryDomain.Obj);
            hook.Recording = true;
            RawDomainCalls.Free(api, MemoryDomain.Mem, RawDomainCalls.Malloc(api, MemoryDomain.Mem, 24));
            hook.Recording = false;
        }
        finally
        {
            PyRun.Exec("tracemalloc.stop()"); // puts back the allocators saved at start(), below the hook
        }

        int whileInstalled = hook.Calls.Count;
        hook.Recording = true;
        RawDomainCalls.Free(api, MemoryDomain.Mem, RawDomainCalls.Malloc(api, MemoryDomain.Mem, 24));
        RawDomainCalls.Free(api, MemoryDomain.Obj, RawDomainCalls.Malloc(api, MemoryDomain.Obj, 24));
        hook.Recording = false;
        scope.ShouldNotBeNull().IsActive.ShouldBeTrue(); // CPython gives no notice; only Dispose can find out

        scope.Dispose(); // threw "someone else ... wraps it" before: the scope could never be disposed

        whileInstalled.ShouldBe(2);
        hook.Calls.Count.ShouldBe(whileInstalled); // dropped: no calls after stop()
        scope.IsActive.ShouldBeFalse();
        scope.WasRemovedExternally.ShouldBeTrue();
        PythonAllocators.Get(MemoryDomain.Mem).ShouldBe(mem); // nothing put back: tracemalloc's hook stays gone
        PythonAllocators.Get(MemoryDomain.Obj).ShouldBe(obj);
        scope.Dispose();
    }

    [Fact]
    public void Disposing_a_dropped_hook_leaves_a_hook_installed_after_it_in_place()
    {
        using GilScope gil = GilScope.Enter();
        AllocatorFunctions original = PythonAllocators.Get(MemoryDomain.Mem);
        AllocatorHookScope? dropped = null;
        PyRun.Exec("import tracemalloc; tracemalloc.start()");
        try
        {
            dropped = PythonAllocators.Install(new PassThroughHook(), MemoryDomain.Mem);
        }
        finally
        {
            PyRun.Exec("tracemalloc.stop()");
        }

        AllocatorHookScope later = PythonAllocators.Install(new RecordingHook(), MemoryDomain.Mem);
        try
        {
            dropped.ShouldNotBeNull().Dispose();

            dropped.WasRemovedExternally.ShouldBeTrue();
            PythonAllocators.Get(MemoryDomain.Mem).ShouldBe(later.GetInstalled(MemoryDomain.Mem));
        }
        finally
        {
            later.Dispose();
        }

        later.WasRemovedExternally.ShouldBeFalse();
        PythonAllocators.Get(MemoryDomain.Mem).ShouldBe(original);
    }
}
