using PyMemory.Tracking;

namespace PyMemory.Tests.Tracking;

[Collection(UsesPython.Name)]
public sealed class TrackerSmokeTests
{
    [Fact]
    public void Counts_blocks_kept_alive_by_Python()
    {
        MemoryTracker.Start();
        try
        {
            using GilScope gil = GilScope.Enter();
            MemorySnapshot before = MemoryTracker.GetSnapshot();
            PyRun.Exec("_smoke = [bytearray(1000) for _ in range(10000)]");
            MemorySnapshot after = MemoryTracker.GetSnapshot();
            PyRun.Exec("del _smoke");
            MemorySnapshot freed = MemoryTracker.GetSnapshot();
            Console.WriteLine($"before {before}\nafter {after}\nfreed {freed}");
            (after.Total.LiveBytes - before.Total.LiveBytes).ShouldBeGreaterThan(10_000_000);
            (freed.Total.LiveBytes - before.Total.LiveBytes).ShouldBeLessThan(100_000);
        }
        finally
        {
            MemoryTracker.Stop();
        }
    }
}
