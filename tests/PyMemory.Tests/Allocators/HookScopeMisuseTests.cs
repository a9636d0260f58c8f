using PyMemory.Allocators;
using PyMemory.ChildHost;
using PyMemory.Interop;

namespace PyMemory.Tests.Allocators;

/// <summary>
/// <see cref="AllocatorHookScope.WasRemovedExternally"/> under careless use: tracemalloc started and stopped twice
/// around two hooks, a hook on three domains of which another party dropped only one, a scope covered on one domain
/// only, and disposing again afterwards.
/// </summary>
[Collection(SerialAllocatorTests.Name)]
public class HookScopeMisuseTests
{
    [Fact]
    public void Two_hooks_each_dropped_by_its_own_tracemalloc_stop_both_dispose_saying_so_in_either_order()
    {
        using GilScope gil = GilScope.Enter();
        AllocatorFunctions original = PythonAllocators.Get(MemoryDomain.Mem);
        AllocatorHookScope first = StartInstallStop();
        AllocatorHookScope second = StartInstallStop();
        PythonAllocators.Get(MemoryDomain.Mem).ShouldBe(original);

        second.Dispose();
        first.Dispose();
        first.Dispose();

        first.WasRemovedExternally.ShouldBeTrue();
        second.WasRemovedExternally.ShouldBeTrue();
        first.IsActive.ShouldBeFalse();
        PythonAllocators.Get(MemoryDomain.Mem).ShouldBe(original);
    }

    [Fact]
    public void Tracemalloc_started_and_stopped_twice_over_a_hook_leaves_it_installed_and_removable()
    {
        using GilScope gil = GilScope.Enter();
        AllocatorFunctions original = PythonAllocators.Get(MemoryDomain.Mem);
        AllocatorHookScope scope = PythonAllocators.Install(new PassThroughHook(), MemoryDomain.Mem);
        for (int i = 0; i < 2; i++)
        {
            PyRun.Exec("import tracemalloc; tracemalloc.start(); tracemalloc.start(); tracemalloc.stop(); tracemalloc.stop()");
        }

        PythonAllocators.Get(MemoryDomain.Mem).ShouldBe(scope.GetInstalled(MemoryDomain.Mem)); // start saved the hook, stop put it back
        scope.Dispose();

        scope.WasRemovedExternally.ShouldBeFalse();
        PythonAllocators.Get(MemoryDomain.Mem).ShouldBe(original);
    }

    [Fact]
    public unsafe void A_hook_dropped_on_one_of_its_domains_restores_the_others_and_says_it_was_removed()
    {
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        MemoryDomain[] domains = [MemoryDomain.Raw, MemoryDomain.Mem, MemoryDomain.Obj];
        AllocatorFunctions[] originals = domains.Select(PythonAllocators.Get).ToArray();
        var hook = new RecordingHook();
        AllocatorHookScope scope = PythonAllocators.Install(hook, domains);

        // Another party puts OBJ's allocator back behind PyMemory's back, as tracemalloc.stop() would.
        PyMemAllocatorEx previous = scope.GetPrevious(MemoryDomain.Obj).ToNative();
        api.PyMem_SetAllocator((PyMemAllocatorDomain)MemoryDomain.Obj, &previous);
        scope.Dispose();

        scope.WasRemovedExternally.ShouldBeTrue();
        domains.Select(PythonAllocators.Get).ToArray().ShouldBe(originals);
        hook.Recording = true;
        RawDomainCalls.Free(api, MemoryDomain.Raw, RawDomainCalls.Malloc(api, MemoryDomain.Raw, 24));
        RawDomainCalls.Free(api, MemoryDomain.Mem, RawDomainCalls.Malloc(api, MemoryDomain.Mem, 24));
        hook.Recording = false;
        hook.Calls.Count.ShouldBe(0); // removed from RAW and MEM too
        scope.Dispose();
        scope.WasRemovedExternally.ShouldBeTrue();
    }

    [Fact]
    public void A_hook_covered_on_one_domain_refuses_removal_on_all_and_stays_whole_until_the_cover_goes()
    {
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        AllocatorFunctions raw = PythonAllocators.Get(MemoryDomain.Raw), mem = PythonAllocators.Get(MemoryDomain.Mem);
        var hook = new RecordingHook();
        AllocatorHookScope scope = PythonAllocators.Install(hook, MemoryDomain.Raw, MemoryDomain.Mem);
        AllocatorHookScope cover = PythonAllocators.Install(new PassThroughHook(), MemoryDomain.Mem);
        try
        {
            Should.Throw<InvalidOperationException>(scope.Dispose).Message.ShouldContain("Mem domain");

            scope.IsActive.ShouldBeTrue();
            PythonAllocators.Get(MemoryDomain.Raw).ShouldBe(scope.GetInstalled(MemoryDomain.Raw)); // RAW left as it was
            hook.Recording = true;
            RawDomainCalls.Free(api, MemoryDomain.Raw, RawDomainCalls.Malloc(api, MemoryDomain.Raw, 24));
            hook.Recording = false;
            hook.Calls.Count.ShouldBe(2);
        }
        finally
        {
            cover.Dispose();
        }

        scope.Dispose();
        scope.WasRemovedExternally.ShouldBeFalse();
        cover.WasRemovedExternally.ShouldBeFalse();
        PythonAllocators.Get(MemoryDomain.Raw).ShouldBe(raw);
        PythonAllocators.Get(MemoryDomain.Mem).ShouldBe(mem);
    }

    private static AllocatorHookScope StartInstallStop()
    {
        PyRun.Exec("import tracemalloc; tracemalloc.start()");
        try
        {
            return PythonAllocators.Install(new PassThroughHook(), MemoryDomain.Mem);
        }
        finally
        {
            PyRun.Exec("tracemalloc.stop()");
        }
    }
}
