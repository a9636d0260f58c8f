using System.Text.RegularExpressions;

namespace PyMemory.Tests.Tracking;

/// <summary>
/// Blocks of 1 to 8 bytes, in a child tracking from start-up. pymalloc and glibc place every block on a 16-byte
/// boundary, one block per code of the size map; mimalloc (PYTHONMALLOC=mimalloc, 3.13+) places 8-byte blocks 8 bytes
/// apart, two in one 16-byte granule.
/// </summary>
/// <remarks>Regression: the size map gave both blocks of a granule one code, so the second block's record replaced the
/// first's: one free was counted with the wrong size and the other as an untracked free, and live blocks and bytes
/// drifted up for ever. Blocks off a 16-byte boundary now keep their facts in the side table.</remarks>
[Collection(UsesPython.Name)]
public sealed partial class TrackerSmallBlockTests
{
    [Theory]
    [InlineData("default")]
    [InlineData("malloc")]
    [InlineData("mimalloc")]
    public void Blocks_of_one_to_eight_bytes_are_counted_exactly_under_every_allocator(string preset)
    {
        if (preset == "mimalloc" && !PythonRuntime.Version.IsAtLeast(3, 13))
        {
            return; // mimalloc came with 3.13; before, PYTHONMALLOC=mimalloc stops start-up (xunit 2 has no dynamic skip)
        }

        ChildProcess.Result result = ChildProcess.Run(
            "tracking-small-blocks", new Dictionary<string, string?> { ["PYTHONMALLOC"] = preset == "default" ? null : preset });
        result.ExitCode.ShouldBe(0, result.ToString());
        foreach (string domain in (string[])["Mem", "Obj"])
        {
            Match allocated = Allocated().Match(result.StdOut[result.StdOut.IndexOf(domain + "-allocated", StringComparison.Ordinal)..]);
            allocated.Groups[1].Value.ShouldBe(allocated.Groups[3].Value, $"{domain} live bytes\n{result.StdOut}");
            allocated.Groups[2].Value.ShouldBe(allocated.Groups[4].Value, $"{domain} live blocks\n{result.StdOut}");
            result.StdOut.ShouldContain($"{domain}-freed: frees 4000, untracked 0, bytes freed {allocated.Groups[3].Value}, live change 0 B in 0 blocks");
        }

        if (preset == "mimalloc")
        {
            // The case this guards: without blocks off a 16-byte boundary it would prove nothing.
            int unaligned = int.Parse(UnalignedLine().Match(result.StdOut).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            unaligned.ShouldBeGreaterThan(1000, result.StdOut);
        }
    }

    [GeneratedRegex(@"allocated: live (-?\d+) B in (-?\d+) blocks \(expected (\d+) B in (\d+)\)")]
    private static partial Regex Allocated();

    [GeneratedRegex(@"unaligned-blocks=(\d+)")]
    private static partial Regex UnalignedLine();
}
