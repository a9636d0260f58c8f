namespace PyMemory.ChildHost;

/// <summary>Ends a scenario that hangs: after the time given, prints <c>watchdog=hung</c> and exits with code 3, so
/// the test sees a hang as a clear result instead of waiting for the child's overall timeout.</summary>
internal static class Watchdog
{
    /// <summary>Starts a background thread that ends the process after <paramref name="limit"/>.</summary>
    public static void Start(TimeSpan limit)
    {
        var watchdog = new Thread(() =>
        {
            Thread.Sleep(limit);
            Console.WriteLine("watchdog=hung");
            Console.Out.Flush();
            Environment.Exit(3);
        })
        { IsBackground = true };
        watchdog.Start();
    }
}
