using PyMemory.Diagnostics;
using PyMemory.Tests.Allocators;

namespace PyMemory.Tests.Diagnostics;

/// <summary>Counts blocks, which other tests' threads would change meanwhile (the eval loop hands the GIL over every
/// few milliseconds), so it runs in the serial collection.</summary>
[Collection(SerialAllocatorTests.Name)]
public class MemoryStatisticsTests
{
    [Fact]
    public void AllocatedBlocks_follows_objects_created_and_freed_and_matches_sys()
    {
        using GilScope gil = GilScope.Enter(); // no other thread runs Python between the readings

        long before = MemoryStatistics.AllocatedBlocks;
        PyRun.Exec("_pym_blocks = [object() for _ in range(20000)]");
        long during = MemoryStatistics.AllocatedBlocks;
        long fromSys = long.Parse(PyRun.EvalToString("__import__('sys').getallocatedblocks()"), System.Globalization.CultureInfo.InvariantCulture);
        PyRun.Exec("del _pym_blocks");
        long after = MemoryStatistics.AllocatedBlocks;

        before.ShouldBeGreaterThan(0);
        (during - before).ShouldBeInRange(20_000, 21_000);
        Math.Abs(fromSys - during).ShouldBeLessThan(100);
        (during - after).ShouldBeInRange(19_900, 21_000);
    }

    [Fact]
    public void The_pymalloc_report_is_captured_as_text()
    {

        MemoryStatistics.TryGetPymallocReport(out string report).ShouldBeTrue();

        report.ShouldContain("Small block threshold");
        report.ShouldContain("arenas allocated total");
        report.Length.ShouldBeGreaterThan(500);
    }

    [Fact]
    public void The_pymalloc_report_works_under_a_malloc_interposer()
    {
        // open_memstream's buffer comes from whichever malloc the process resolves (here glibc's debugging malloc,
        // preloaded); the report must free it with that same free, not with libc's own, or MALLOC_CHECK_=3 aborts.
        ChildProcess.Result result = ChildProcess.Run("pymalloc-report", GlibcMallocCheck.Environment());

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdOut.ShouldContain("report 0: True True\nreport 1: True True\nreport 2: True True\ndone", Case.Sensitive, result.ToString());
    }
}
