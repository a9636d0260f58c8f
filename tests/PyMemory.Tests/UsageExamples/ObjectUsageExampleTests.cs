using PyMemory.Sample.Examples;

namespace PyMemory.Tests.UsageExamples;

[Collection(UsesPython.Name)]
public class ObjectUsageExampleTests
{
    [Fact]
    public void GenericAlloc_of_a_list_type_gives_an_empty_list_with_one_reference()
    {
        var log = new StringWriter();

        (string typeName, long refCount, int length, string text) = GenericAllocExample.Run(log);

        typeName.ShouldBe("list");
        refCount.ShouldBe(1);
        length.ShouldBe(0);
        text.ShouldBe("[]");
        log.ToString().ShouldContain("PyType_GenericAlloc(list, 0)");
    }

    [Fact]
    public void Allocation_monitoring_runs_clean_under_debug_hooks_installed_before_start()
    {
        ChildProcess.Result result = ChildProcess.Run("objects-example-allocation-monitoring-debug");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdErr.ShouldBeEmpty(result.ToString());
        result.StdOut.ShouldContain("hooks-fill=True", customMessage: result.ToString()); // the hooks are really on
        string counts = result.StdOut.Split('\n').Single(l => l.StartsWith("blocks ", StringComparison.Ordinal));
        long[] values = counts.Split(' ').Skip(1).Select(p => long.Parse(p.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        (values[1] - values[0]).ShouldBeGreaterThanOrEqualTo(AllocationMonitoringExample.ItemCount, result.ToString());
    }

    [Fact]
    public void A_presized_list_is_filled_with_ints_and_reads_back()
    {
        (long[] items, string summary) = PreSizedListExample.Run(new StringWriter(), 1000);

        items.ShouldBe(Enumerable.Range(0, 1000).Select(i => (long)i * i).ToArray());
        summary.ShouldBe("sum " + Enumerable.Range(0, 1000).Sum(i => (long)i * i));
        PreSizedListExample.Run(new StringWriter(), 5).Summary.ShouldBe("[0, 1, 4, 9, 16]");
    }

    [Fact]
    public void A_failure_midway_releases_the_list_and_dict_and_surfaces_the_Python_error()
    {
        (long before, long inside, long after, string errorType, string errorMessage) = ExceptionSafetyExample.Run(new StringWriter());

        inside.ShouldBe(before + 2); // one reference from the list, one from the dict
        after.ShouldBe(before); // both released by the using blocks on the way out
        errorType.ShouldBe("OverflowError");
        errorMessage.ShouldNotBeNullOrWhiteSpace();
        using (GilScope.Enter())
        {
            PythonException.IsPending.ShouldBeFalse();
        }
    }

    [Fact]
    public void A_reference_cycle_is_found_by_a_collection()
    {
        (long refCountInCycle, long collected) = GcCollectionExample.Run(new StringWriter());

        refCountInCycle.ShouldBe(2);
        collected.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Gc_collection_runs_clean_under_debug_hooks_installed_before_start()
    {
        ChildProcess.Result result = ChildProcess.Run("objects-example-gc-debug");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdErr.ShouldBeEmpty(result.ToString());
        string line = result.StdOut.Split('\n').Single(l => l.StartsWith("cycle refcount=", StringComparison.Ordinal));
        line.ShouldStartWith("cycle refcount=2 collected=");
        long.Parse(line.Split("collected=")[1], System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0, result.ToString());
    }

    [Fact]
    public void A_Python_str_is_copied_out_to_a_dotnet_string()
    {
        (string text, long pythonLength) = StringCopyExample.Run(new StringWriter());

        text.ShouldBe("NAÏVE CAFÉ — ΩΜΈΓΑ — 日本語 — 🐍");
        pythonLength.ShouldBe(text.EnumerateRunes().Count()); // code points: the snake is two UTF-16 units, one for Python
        pythonLength.ShouldBe(text.Length - 1);
    }
}
