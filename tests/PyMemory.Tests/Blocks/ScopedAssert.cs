namespace PyMemory.Tests.Blocks;

/// <summary>Assertions on ref struct blocks, which lambdas cannot capture.</summary>
internal static class ScopedAssert
{
    public static TException Throws<TException, T>(T block, ScopedUse<T> use)
        where TException : Exception
        where T : allows ref struct
    {
        try
        {
            use(block);
        }
        catch (TException e)
        {
            return e;
        }

        throw new Xunit.Sdk.XunitException($"Expected {typeof(TException).Name}, but nothing was thrown.");
    }
}
