namespace PyMemory.Tests.Blocks;

/// <summary>
/// <see cref="MemoryPressureLedger"/> when a change lands while another thread is telling the GC: the change must
/// not be lost, or the GC keeps pressure for blocks long freed.
/// </summary>
[Collection(UsesPython.Name)]
public class MemoryPressureLedgerRaceTests
{
    private const long Step = 1000;

    [Fact]
    public void A_block_freed_while_its_allocation_is_being_reported_leaves_nothing_reported()
    {
        var reports = new List<long>();
        Thread? freer = null;
        MemoryPressureLedger? ledger = null;
        ledger = new MemoryPressureLedger(Step, bytes =>
        {
            reports.Add(bytes);
            if (freer is null)
            {
                // The allocating thread is inside its report: another thread frees the block now, and sees the report
                // of the allocation not yet written.
                freer = new Thread(() => ledger!.Change(-5 * Step));
                freer.Start();
                freer.Join(TimeSpan.FromSeconds(10)).ShouldBeTrue();
            }
        });

        ledger.Change(5 * Step);
        freer.ShouldNotBeNull().Join();

        ledger.Live.ShouldBe(0);
        ledger.Reported.ShouldBe(0);
        reports.Sum().ShouldBe(0);
    }
}
