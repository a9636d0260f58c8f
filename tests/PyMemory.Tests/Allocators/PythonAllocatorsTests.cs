using PyMemory.Allocators;
using PyMemory.ChildHost;
using PyMemory.Interop;

namespace PyMemory.Tests.Allocators;

/// <summary>Reading and describing allocators, and what the safe API refuses. Installs nothing, but asserts what is
/// installed, so it runs in the serial collection where no other test can be installing something meanwhile.</summary>
[Collection(SerialAllocatorTests.Name)]
public class PythonAllocatorsTests
{
    public static TheoryData<MemoryDomain> Domains => new() { MemoryDomain.Raw, MemoryDomain.Mem, MemoryDomain.Obj };

    [Theory]
    [MemberData(nameof(Domains))]
    public void Get_returns_a_complete_allocator(MemoryDomain domain)
    {

        AllocatorFunctions allocator = PythonAllocators.Get(domain);

        allocator.IsComplete.ShouldBeTrue(allocator.ToString());
        allocator.ShouldBe(PythonAllocators.Get(domain));
    }

    [Fact]
    public void Get_throws_for_an_undefined_domain()
    {

        Should.Throw<ArgumentOutOfRangeException>(() => PythonAllocators.Get((MemoryDomain)7));
    }

    [Fact]
    public void The_arena_allocator_has_both_functions()
    {

        ArenaAllocatorFunctions arena = PythonAllocators.GetArenaAllocator();

        arena.Alloc.ShouldNotBe(0);
        arena.Free.ShouldNotBe(0);
    }

    [Fact]
    public void The_preset_the_interpreter_started_with_is_described_by_name()
    {

        AllocatorDescription description = PythonAllocators.Describe();

        description.PresetName.ShouldBe(AllocatorUnderTest.PresetName, description.ToString());
        description.UsesPymalloc.ShouldBe(AllocatorUnderTest.PresetName.StartsWith("pymalloc", StringComparison.Ordinal));
        description.UsesMimalloc.ShouldBe(AllocatorUnderTest.PresetName.StartsWith("mimalloc", StringComparison.Ordinal));
        description.DebugHooksActive.ShouldBe(AllocatorUnderTest.DebugHooks);
        PythonAllocators.DebugHooksActive.ShouldBe(AllocatorUnderTest.DebugHooks);
        description.HasUnknownAllocators.ShouldBeFalse();
        description.ToString().ShouldBe(AllocatorUnderTest.Described);
    }

    [Fact]
    public void EnsureDebugHooks_accepts_active_hooks_and_otherwise_refuses_and_says_why()
    {

        if (AllocatorUnderTest.DebugHooks)
        {
            PythonAllocators.EnsureDebugHooks(); // already there: nothing to do, nothing thrown
        }
        else
        {
            var e = Should.Throw<InvalidOperationException>(PythonAllocators.EnsureDebugHooks);
            e.Message.ShouldContain("EnableDebugHooks");
            e.Message.ShouldContain("PYTHONMALLOC=debug");
        }

        PythonAllocators.DebugHooksActive.ShouldBe(AllocatorUnderTest.DebugHooks);
    }

    [Fact]
    public void ReplaceBeforeInitialize_refuses_an_initialized_interpreter()
    {
        var api = new PythonApi(PythonRuntime.Library.Library);
        AllocatorFunctions before = PythonAllocators.Get(MemoryDomain.Raw);

        Should.Throw<InvalidOperationException>(() => PythonAllocators.ReplaceBeforeInitialize(api, MemoryDomain.Raw, before));
        Should.Throw<ArgumentException>(() => PythonAllocators.ReplaceBeforeInitialize(api, MemoryDomain.Raw, before with { Free = 0 }));
        PythonAllocators.Get(MemoryDomain.Raw).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(Domains))]
    public void Zero_byte_malloc_and_calloc_return_distinct_non_null_pointers(MemoryDomain domain)
    {
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();

        nint a = RawDomainCalls.Malloc(api, domain, 0);
        nint b = RawDomainCalls.Malloc(api, domain, 0);
        nint c = RawDomainCalls.Calloc(api, domain, 0, 0);
        nint d = RawDomainCalls.Calloc(api, domain, 0, 8);
        try
        {
            new[] { a, b, c, d }.ShouldAllBe(p => p != 0);
            new[] { a, b, c, d }.Distinct().Count().ShouldBe(4);
        }
        finally
        {
            foreach (nint p in new[] { a, b, c, d })
            {
                RawDomainCalls.Free(api, domain, p);
            }
        }
    }

    [Fact]
    public void Install_checks_its_arguments()
    {

        Should.Throw<ArgumentNullException>(() => PythonAllocators.Install(null!, MemoryDomain.Mem));
        Should.Throw<ArgumentException>(() => PythonAllocators.Install(new PassThroughHook()));
        Should.Throw<ArgumentException>(() => PythonAllocators.Install(new PassThroughHook(), MemoryDomain.Mem, MemoryDomain.Mem));
        Should.Throw<ArgumentOutOfRangeException>(() => PythonAllocators.Install(new PassThroughHook(), (MemoryDomain)3));
    }

    [Fact]
    public void A_default_NextAllocator_throws_instead_of_crashing()
    {
        Should.Throw<InvalidOperationException>(() => default(NextAllocator).Malloc(8));
        Should.Throw<InvalidOperationException>(() => default(NextAllocator).Free(0));
    }
}
