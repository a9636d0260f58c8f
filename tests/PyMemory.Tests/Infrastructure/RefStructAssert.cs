namespace PyMemory.Tests;

/// <summary>Should.Throw for ref structs (a scoped block, a lease, a scoped handle), which a lambda cannot capture: the value is passed
/// in (a copy, which shares the original's slot and so its state). The exception must be exactly
/// <c>TException</c>, not a subclass (an ObjectDisposedException is an InvalidOperationException).</summary>
internal static class RefStructAssert
{
    public static TException Throws<TException, T>(T value, Action<T> use)
        where TException : Exception
        where T : allows ref struct
    {
        try
        {
            use(value);
        }
        catch (Exception e)
        {
            e.ShouldBeOfType<TException>();
            return (TException)e;
        }

        throw new Xunit.Sdk.XunitException($"Expected {typeof(TException).Name}, but nothing was thrown.");
    }
}
