namespace PyMemory.Tests.Diagnostics.Metrics;

public sealed class MeterFactoryTests
{
    [Fact]
    public void The_meter_is_created_through_the_factory_of_the_options_and_disposed_with_its_container()
    {
        ChildProcess.Result result = ChildProcess.Run("metrics-factory");
        result.ExitCode.ShouldBe(0, result.ToString());
        string[] lines = result.StdOut.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldBe(
        [
            "meter-before=none",
            "scope-is-factory=True",
            "name=PyMemory version=" + PyMemory.Diagnostics.PyMemoryMetrics.Version,
            "factory-cached=True",
            "published=12",
            "live=mem:positive,obj:positive,raw:positive",
            "published-after-dispose=0",
            "python-after-dispose=45",
        ], result.ToString());
    }
}
