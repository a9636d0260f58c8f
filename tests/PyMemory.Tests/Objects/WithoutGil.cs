namespace PyMemory.Tests.Objects;

/// <summary>Runs code on a fresh thread that has never held the GIL, and returns what it threw.</summary>
internal static class WithoutGil
{
    public static Exception? Run(Action action)
    {
        Exception? caught = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                caught = e;
            }
        });
        thread.Start();
        thread.Join();
        return caught;
    }
}
