using PyMemory.Cli.Options;
using PyMemory.Tracking;

namespace PyMemory.Tests.Cli;

public sealed class ScriptArgumentsTests
{
    private static readonly HashSet<string> WithValue = ["--budget", "--json"];

    [Theory]
    [InlineData("run s.py", "run s.py --")]
    [InlineData("run s.py --json x", "run s.py -- --json x")]
    [InlineData("run --json out.json s.py -v", "run --json out.json s.py -- -v")]
    [InlineData("run --budget 1MiB -- s.py a", "run --budget 1MiB s.py -- a")]
    [InlineData("doctor --python p", "doctor --python p")]
    [InlineData("run --help", "run --help")]
    public void Everything_after_the_script_is_the_script_s(string args, string expected) =>
        string.Join(' ', ScriptArguments.Separate(args.Split(' '), WithValue)).ShouldBe(expected);

    [Fact]
    public void Budget_domains_become_limits()
    {
        BudgetParser.TryParseDomain("OBJ=64MiB", out MemoryDomain domain, out long bytes, out _).ShouldBeTrue();
        domain.ShouldBe(MemoryDomain.Obj);
        bytes.ShouldBe(64L << 20);
        BudgetParser.TryParseDomain("obj64MiB", out _, out _, out string error).ShouldBeFalse();
        error.ShouldContain("DOMAIN=SIZE");
        MemoryLimits limits = BudgetParser.Limits(256L << 20, new Dictionary<MemoryDomain, long> { [MemoryDomain.Mem] = 1024 }).ShouldNotBeNull();
        limits.TotalBytes.ShouldBe(256L << 20);
        limits.MemBytes.ShouldBe(1024);
        limits.ObjBytes.ShouldBeNull();
        BudgetParser.Limits(null, new Dictionary<MemoryDomain, long>()).ShouldBeNull();
    }
}
