namespace PyMemory.Tests.Blocks;

/// <summary>How <see cref="MemoryPressureLedger"/> tells the GC: in steps, and everything once nothing is live.</summary>
[Collection(UsesPython.Name)]
public class MemoryPressureLedgerTests
{
    private const long Step = 1000;
    private readonly List<long> _reports = [];
    private readonly MemoryPressureLedger _ledger;

    public MemoryPressureLedgerTests() => _ledger = new MemoryPressureLedger(Step, _reports.Add);

    [Fact]
    public void Changes_smaller_than_a_step_are_not_reported_until_they_add_up()
    {
        _ledger.Change(400);
        _ledger.Change(400);
        _reports.ShouldBeEmpty();

        _ledger.Change(400);

        _reports.ShouldBe([1200]);
        _ledger.Reported.ShouldBe(1200);
        _ledger.Live.ShouldBe(1200);
    }

    [Fact]
    public void A_block_allocated_and_freed_promptly_costs_no_report()
    {
        for (int i = 0; i < 100; i++)
        {
            _ledger.Change(300);
            _ledger.Change(600);
            _ledger.Change(-600);
            _ledger.Change(-300);
        }

        _reports.ShouldBeEmpty();
    }

    [Fact]
    public void Freeing_a_step_is_reported_and_the_last_bytes_are_removed_when_nothing_is_live()
    {
        _ledger.Change(2500);
        _ledger.Change(-1200);
        _ledger.Change(-900); // 400 still live: less than a step away from the 1300 reported

        _reports.ShouldBe([2500, -1200]);
        _ledger.Change(-400);

        _reports.ShouldBe([2500, -1200, -1300]);
        _reports.Sum().ShouldBe(0); // every byte added was removed
        _ledger.Reported.ShouldBe(0);
    }

    [Fact]
    public void A_large_block_is_reported_at_once()
    {
        _ledger.Change(5000);
        _ledger.Change(-5000);

        _reports.ShouldBe([5000, -5000]);
    }

    [Fact]
    public void Concurrent_changes_leave_the_report_equal_to_what_is_live()
    {
        var ledger = new MemoryPressureLedger(Step, bytes => Interlocked.Add(ref _total, bytes));

        Parallel.For(0, 8, _ =>
        {
            for (int i = 0; i < 20_000; i++)
            {
                ledger.Change(700);
                ledger.Change(-700);
            }

            ledger.Change(900);
        });

        ledger.Live.ShouldBe(8 * 900);
        Interlocked.Read(ref _total).ShouldBe(ledger.Reported);
        (ledger.Live - ledger.Reported).ShouldBeInRange(-Step + 1, Step - 1);
    }

    private long _total;

    [Fact]
    public void The_process_ledger_reports_in_8_MiB_steps()
    {
        MemoryPressureLedger.Shared.Step.ShouldBe(8 << 20);
    }
}
