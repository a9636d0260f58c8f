namespace PyMemory.Cli;

/// <summary>The <c>pymem</c> command line (placeholder until the commands land).</summary>
internal static class Program
{
    private static int Main() => 0;
}
