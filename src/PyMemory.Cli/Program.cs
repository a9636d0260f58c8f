namespace PyMemory.Cli;

/// <summary>The <c>pymem</c> tool's entry point.</summary>
internal static class Program
{
    private static int Main(string[] args) => new PymemCommandLine(Console.Out, Console.Error).Invoke(args);
}
