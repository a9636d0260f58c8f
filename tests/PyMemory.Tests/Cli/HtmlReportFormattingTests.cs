using PyMemory.Cli.Html;
using PyMemory.Cli.Reports;

namespace PyMemory.Tests.Cli;

/// <summary>The reports' size text (console, live line and HTML share it) and the HTML chart's axis ticks.</summary>
public class HtmlReportFormattingTests
{
    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(512, "512 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1024, "1.00 KiB")]
    [InlineData(1536, "1.50 KiB")]
    [InlineData(12_897_485, "12.3 MiB")]
    [InlineData(671_088_640, "640 MiB")]
    [InlineData(-2048, "-2.00 KiB")]
    [InlineData(long.MaxValue, "8.00 EiB")]
    public void Sizes_read_in_binary_units_with_three_digits(long bytes, string expected) => SizeText.Format(bytes).ShouldBe(expected);

    [Fact]
    public void Not_a_number_is_a_question_mark() => SizeText.Format(double.NaN).ShouldBe("?");

    [Theory]
    [InlineData(6.0, 8, 1, new double[] { 0, 1, 2, 3, 4, 5, 6 })]
    [InlineData(6.04, 8, 1, new double[] { 0, 1, 2, 3, 4, 5, 6, 7 })]
    [InlineData(0.37, 8, 1, new double[] { 0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4 })]
    [InlineData(95, 5, 1, new double[] { 0, 20, 40, 60, 80, 100 })]
    [InlineData(0, 5, 1, new double[] { 0, 1 })]
    [InlineData(-3, 5, 1024, new double[] { 0, 1024 })]
    public void Ticks_are_round_numbers_from_zero_past_the_maximum(double max, int count, double unit, double[] expected) =>
        NiceTicks.UpTo(max, count, unit).Select(t => Math.Round(t, 9)).ShouldBe(expected);

    [Fact]
    public void Byte_ticks_count_in_the_unit()
    {
        const double MiB = 1024 * 1024;
        NiceTicks.UpTo(180 * MiB, 5, MiB).ShouldBe([0, 50 * MiB, 100 * MiB, 150 * MiB, 200 * MiB]);
        SizeText.UnitFor(36 * MiB).ShouldBe(MiB);
        SizeText.UnitFor(100).ShouldBe(1);
    }
}
