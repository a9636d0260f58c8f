using System.Runtime.InteropServices;
using PyMemory.Allocators;
using PyMemory.Interop;

namespace PyMemory.Tests.Allocators;

/// <summary>
/// <see cref="FailingAllocatorHook.Arm"/>, <see cref="FailingAllocatorHook.Disarm"/> and the per-domain failure counts,
/// called here directly with a <see cref="NextAllocator"/> of our own (nothing is installed, so no other test's
/// allocations can fail), and installed for real around one <see cref="PyRun.Call(PyObjectHandle)"/> in a child process.
/// </summary>
[Collection(UsesPython.Name)]
public unsafe class FaultArmingTests
{
    [Fact]
    public void A_disarmed_hook_fails_and_numbers_nothing()
    {
        var hook = new FailingAllocatorHook(AllocationFaultPolicy.FailAfter(0));
        hook.Disarm();
        long injected = InjectedFaults.Count(MemoryDomain.Mem);

        using (Domain mem = Domain.Of(MemoryDomain.Mem))
        {
            for (int i = 0; i < 10; i++)
            {
                mem.Allocate(hook).ShouldBeTrue();
            }
        }

        hook.IsArmed.ShouldBeFalse();
        hook.AllocationCount.ShouldBe(0);
        hook.FailureCount.ShouldBe(0);
        InjectedFaults.Count(MemoryDomain.Mem).ShouldBe(injected);
    }

    [Fact]
    public void Arm_restarts_the_numbering_so_FailNth_counts_from_the_arming()
    {
        var hook = new FailingAllocatorHook(AllocationFaultPolicy.FailNth(3));
        using Domain obj = Domain.Of(MemoryDomain.Obj);

        hook.IsArmed.ShouldBeTrue(); // a new hook is armed, as before arming existed
        bool[] first = [obj.Allocate(hook), obj.Allocate(hook), obj.Allocate(hook), obj.Allocate(hook)];
        hook.Disarm();
        bool[] disarmed = [obj.Allocate(hook), obj.Allocate(hook), obj.Allocate(hook)];
        long countWhileDisarmed = hook.AllocationCount;
        hook.Arm();
        long countAfterArm = hook.AllocationCount;
        bool[] again = [obj.Allocate(hook), obj.Allocate(hook), obj.Allocate(hook), obj.Allocate(hook)];

        first.ShouldBe([true, true, false, true]);
        disarmed.ShouldBe([true, true, true]);
        countWhileDisarmed.ShouldBe(4);
        countAfterArm.ShouldBe(0);
        again.ShouldBe([true, true, false, true]); // the third after Arm, not the third overall
        hook.IsArmed.ShouldBeTrue();
        hook.AllocationCount.ShouldBe(4);
        hook.FailureCount.ShouldBe(2); // failures are kept over the hook's life
    }

    [Fact]
    public void Failures_are_counted_per_domain_on_the_hook_and_process_wide()
    {
        var hook = new FailingAllocatorHook(AllocationFaultPolicy.FailRandomly(0.5, 7));
        long[] before = [.. Enum.GetValues<MemoryDomain>().Select(d => InjectedFaults.Count(d))];
        int memFailed = 0;
        int objFailed = 0;
        int rawFailed = 0;

        using (Domain raw = Domain.Of(MemoryDomain.Raw))
        using (Domain mem = Domain.Of(MemoryDomain.Mem))
        using (Domain obj = Domain.Of(MemoryDomain.Obj))
        {
            for (int i = 0; i < 40; i++)
            {
                memFailed += mem.Allocate(hook) ? 0 : 1;
                objFailed += obj.Allocate(hook, calloc: true) ? 0 : 1;
                objFailed += obj.Allocate(hook, realloc: true) ? 0 : 1;
                rawFailed += i < 10 && !raw.Allocate(hook) ? 1 : 0;
            }
        }

        memFailed.ShouldBeGreaterThan(0);
        objFailed.ShouldBeGreaterThan(0);
        rawFailed.ShouldBeGreaterThan(0);
        hook.FailureCountOf(MemoryDomain.Mem).ShouldBe(memFailed);
        hook.FailureCountOf(MemoryDomain.Obj).ShouldBe(objFailed);
        hook.FailureCountOf(MemoryDomain.Raw).ShouldBe(rawFailed);
        hook.FailureCount.ShouldBe(memFailed + objFailed + rawFailed);
        hook.AllocationCount.ShouldBe(130);

        // No other test injects faults in this process (fault injection runs in child processes), so the process-wide
        // figures moved by exactly this hook's failures. (Budget rejections, the other kind, are not checked here: a
        // budget test may be rejecting allocations in parallel.)
        InjectedFaults.Count(MemoryDomain.Raw).ShouldBe(before[0] + rawFailed);
        InjectedFaults.Count(MemoryDomain.Mem).ShouldBe(before[1] + memFailed);
        InjectedFaults.Count(MemoryDomain.Obj).ShouldBe(before[2] + objFailed);
    }

    [Fact]
    public void Undefined_domains_are_refused_by_the_hook_and_ignored_by_the_process_wide_counts()
    {
        var hook = new FailingAllocatorHook(AllocationFaultPolicy.FailAfter(0));

        Should.Throw<ArgumentOutOfRangeException>(() => hook.FailureCountOf((MemoryDomain)3)).ParamName.ShouldBe("domain");
        InjectedFaults.Record((MemoryDomain)3); // inside an allocator: must not throw
        InjectedFaults.Count((MemoryDomain)3).ShouldBe(0);
    }

    [Fact]
    public void A_default_NextAllocator_is_refused_as_NextAllocator_itself_refuses_it()
    {
        var failing = new FailingAllocatorHook(AllocationFaultPolicy.FailAfter(0));
        var passing = new FailingAllocatorHook(AllocationFaultPolicy.FailAfter(1_000));

        Should.Throw<InvalidOperationException>(() => failing.Malloc(16, default)).Message.ShouldContain("default value");
        Should.Throw<InvalidOperationException>(() => passing.Malloc(16, default)).Message.ShouldContain("default value");
        failing.FailureCount.ShouldBe(0);
    }

    [Fact]
    public void Armed_around_one_call_of_a_compiled_function_it_raises_MemoryError_and_disarmed_the_call_succeeds()
    {
        ChildProcess.Result result = ChildProcess.Run("fault-arming");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("installed").ShouldBe("armed=False", result.ToString());
        result.Value("disarmed").ShouldBe("ok=True count=0 failures=0", result.ToString());
        result.Value("armed").ShouldBe("MemoryError failures=1 mem+obj=1 raw=0", result.ToString());
        result.Value("after-disarm").ShouldBe("ok=True tiny=42 failures=1", result.ToString());
        result.Value("re-armed").ShouldBe("MemoryError failures=2 numbered-from-arm=True", result.ToString());
        (result.Value("fail-all") ?? "").ShouldMatch(@"^MemoryError failures=[1-9][0-9]* sums=True raw=0$", result.ToString());
        result.Value("final").ShouldBe("ok=True tiny=42", result.ToString());
    }

    /// <summary>A fake installation in one domain: a <see cref="HookContext"/> whose next allocator is the domain's
    /// current one, so the hook's calls really allocate (and are freed again at once).</summary>
    private sealed class Domain : IDisposable
    {
        private readonly HookContext* _context;
        private readonly GilScope? _gil;

        private Domain(MemoryDomain domain)
        {
            _gil = domain == MemoryDomain.Raw ? null : GilScope.Enter();
            _context = (HookContext*)NativeMemory.AllocZeroed((nuint)sizeof(HookContext));
            _context->Domain = (int)domain;
            PythonRuntime.Api.PyMem_GetAllocator((PyMemAllocatorDomain)domain, &_context->Next);
        }

        public static Domain Of(MemoryDomain domain) => new(domain);

        /// <summary>One malloc (or calloc, or realloc of NULL) through the hook; true when it succeeded.</summary>
        public bool Allocate(FailingAllocatorHook hook, bool calloc = false, bool realloc = false)
        {
            var next = new NextAllocator(_context);
            nint block = calloc ? hook.Calloc(2, 8, next) : realloc ? hook.Realloc(0, 24, next) : hook.Malloc(16, next);
            next.Free(block);
            return block != 0;
        }

        public void Dispose()
        {
            NativeMemory.Free(_context);
            _gil?.Dispose();
        }
    }
}
