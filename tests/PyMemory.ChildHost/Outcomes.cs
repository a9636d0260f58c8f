namespace PyMemory.ChildHost;

/// <summary>What a scenario reports for one call: <c>ok</c>, or the name of the exception it threw.</summary>
internal static class Outcomes
{
    /// <summary>Runs <paramref name="action"/> and names its outcome.</summary>
    public static string Of(Action action)
    {
        try
        {
            action();
            return "ok";
        }
#pragma warning disable CA1031 // the outcome is what is reported
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e.GetType().Name;
        }
    }

    /// <summary>Runs <paramref name="action"/> and prints <c>name=</c> its outcome and, when it threw, <c>name-message=</c>
    /// the exception's message on one line.</summary>
    public static void Report(string name, Action action)
    {
        try
        {
            action();
            Console.WriteLine(name + "=ok");
        }
#pragma warning disable CA1031 // the outcome is what is reported
        catch (Exception e)
#pragma warning restore CA1031
        {
            Console.WriteLine(name + "=" + e.GetType().Name);
            Console.WriteLine(name + "-message=" + e.Message.ReplaceLineEndings(" "));
        }
    }
}
