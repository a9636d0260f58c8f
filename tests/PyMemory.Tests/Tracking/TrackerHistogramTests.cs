using PyMemory.Interop;
using PyMemory.Tests.Allocators;
using PyMemory.Tracking;

namespace PyMemory.Tests.Tracking;

/// <summary>The size histogram: bucket 0 holds 0-byte requests and bucket k holds [2^(k-1), 2^k); it counts new blocks
/// (malloc, calloc by the product, realloc(NULL)), not the resizing of a tracked block.</summary>
[Collection(SerialAllocatorTests.Name)]
public sealed class TrackerHistogramTests
{
    public static TheoryData<MemoryDomain> Domains => new() { MemoryDomain.Raw, MemoryDomain.Mem, MemoryDomain.Obj };

    [Theory]
    [MemberData(nameof(Domains))]
    public void Allocations_of_known_sizes_land_in_the_documented_buckets(MemoryDomain domain)
    {
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        MemoryTracker.Start(new MemoryTrackingOptions { SampleInterval = 0 });
        try
        {
            SizeHistogram before = MemoryTracker.GetSizeHistogram(domain);
            long allocationsBefore = MemoryTracker.GetSnapshot()[domain].Allocations;
            var expected = new long[SizeHistogram.BucketCount];
            var blocks = new List<nint>();
            foreach ((long size, int bucket) in (ReadOnlySpan<(long, int)>)[(0, 0), (1, 1), (2, 2), (3, 2), (4, 3), (15, 4), (16, 5), (31, 5), (32, 6), (512, 10), (513, 10), (1023, 10), (1024, 11), (65533, 16), (65535, 16), (65536, 17), (1 << 20, 21), ((1 << 20) + 1, 21)])
            {
                blocks.Add(RawDomainCalls.Malloc(api, domain, (nuint)size));
                expected[bucket]++;
                SizeHistogram.LowerBound(bucket).ShouldBeLessThanOrEqualTo(Math.Max(size, 0));
                if (bucket < SizeHistogram.BucketCount - 1)
                {
                    SizeHistogram.LowerBound(bucket + 1).ShouldBeGreaterThan(size);
                }
            }

            blocks.Add(RawDomainCalls.Calloc(api, domain, 3, 7)); // 21 bytes
            expected[5]++;
            nint grown = RawDomainCalls.Realloc(api, domain, 0, 100); // realloc(NULL) is a new block: 64-127
            expected[7]++;
            grown = RawDomainCalls.Realloc(api, domain, grown, 5000); // resizing a tracked block is not
            blocks.Add(grown);
            blocks.ForEach(b => RawDomainCalls.Free(api, domain, b));

            SizeHistogram after = MemoryTracker.GetSizeHistogram(domain);
            after.Domain.ShouldBe(domain);
            after.Counts.Count.ShouldBe(SizeHistogram.BucketCount);
            Enumerable.Range(0, SizeHistogram.BucketCount).Select(k => after.Counts[k] - before.Counts[k]).ShouldBe(expected);
            (after.Total - before.Total).ShouldBe(MemoryTracker.GetSnapshot()[domain].Allocations - allocationsBefore);
        }
        finally
        {
            MemoryTracker.Stop();
        }
    }

    [Fact]
    public void The_bucket_bounds_are_powers_of_two_and_out_of_range_buckets_are_refused()
    {
        SizeHistogram.LowerBound(0).ShouldBe(0);
        SizeHistogram.LowerBound(1).ShouldBe(1);
        SizeHistogram.LowerBound(5).ShouldBe(16);
        SizeHistogram.LowerBound(63).ShouldBe(1L << 62);
        Should.Throw<ArgumentOutOfRangeException>(() => SizeHistogram.LowerBound(-1));
        Should.Throw<ArgumentOutOfRangeException>(() => SizeHistogram.LowerBound(SizeHistogram.BucketCount));
    }
}
