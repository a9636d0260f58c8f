using PyMemory.Allocators;

namespace PyMemory.Tests.Allocators;

[Collection(UsesPython.Name)]
public class AllocationFaultPolicyTests
{
    private static long[] Failing(AllocationFaultPolicy policy, long count, nuint size = 16) =>
        Enumerable.Range(0, (int)count).Where(n => policy.ShouldFail(n, size)).Select(n => (long)n).ToArray();

    [Fact]
    public void FailNth_fails_only_that_allocation() =>
        Failing(AllocationFaultPolicy.FailNth(3), 10).ShouldBe([2L]);

    [Fact]
    public void FailAfter_lets_the_first_n_succeed() =>
        Failing(AllocationFaultPolicy.FailAfter(4), 7).ShouldBe([4L, 5L, 6L]);

    [Fact]
    public void FailWindow_fails_start_inclusive_to_stop_exclusive() =>
        Failing(AllocationFaultPolicy.FailWindow(2, 5), 8).ShouldBe([2L, 3L, 4L]);

    [Fact]
    public void FailAbove_fails_only_larger_requests()
    {
        AllocationFaultPolicy policy = AllocationFaultPolicy.FailAbove(100);

        policy.ShouldFail(0, 100).ShouldBeFalse();
        policy.ShouldFail(1, 101).ShouldBeTrue();
        policy.ShouldFail(2, 0).ShouldBeFalse();
    }

    [Fact]
    public void FailRandomly_is_reproducible_per_seed_and_near_its_probability()
    {
        long[] first = Failing(AllocationFaultPolicy.FailRandomly(0.25, 42), 10_000);
        long[] again = Failing(AllocationFaultPolicy.FailRandomly(0.25, 42), 10_000);
        long[] other = Failing(AllocationFaultPolicy.FailRandomly(0.25, 43), 10_000);

        again.ShouldBe(first);
        other.ShouldNotBe(first);
        first.Length.ShouldBeInRange(2_200, 2_800);
        Failing(AllocationFaultPolicy.FailRandomly(0, 1), 1000).ShouldBeEmpty();
        Failing(AllocationFaultPolicy.FailRandomly(1, 1), 1000).Length.ShouldBe(1000);
    }

    [Fact]
    public void Bad_arguments_throw()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => AllocationFaultPolicy.FailNth(0));
        Should.Throw<ArgumentOutOfRangeException>(() => AllocationFaultPolicy.FailAfter(-1));
        Should.Throw<ArgumentOutOfRangeException>(() => AllocationFaultPolicy.FailWindow(5, 5));
        Should.Throw<ArgumentOutOfRangeException>(() => AllocationFaultPolicy.FailRandomly(1.5, 0));
        Should.Throw<ArgumentOutOfRangeException>(() => AllocationFaultPolicy.FailRandomly(double.NaN, 0));
        Should.Throw<ArgumentNullException>(() => new FailingAllocatorHook(null!));
    }
}
