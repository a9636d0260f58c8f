namespace PyMemory.Sample.Examples;

/// <summary>
/// Leak prevention: a block owned by <c>using</c> (or try/finally) is freed even when the code using it throws.
/// </summary>
public static class LeakPreventionExample
{
    public static (bool UsingBlockFreed, bool FinallyBlockFreed, int ExceptionsCaught) Run(TextWriter log)
    {
        using GilScope gil = GilScope.Enter();
        int caught = 0;

        PyMemBlock? viaUsing = null;
        try
        {
            using PyMemBlock memory = PyMemBlock.Allocate(1024);
            viaUsing = memory;
            Process(memory.Span);
        }
        catch (InvalidDataException)
        {
            caught++;
        }

        PyObjectBlock? viaFinally = null;
        try
        {
            viaFinally = PyObjectBlock.Allocate(1024);
            Process(viaFinally.Span);
        }
        catch (InvalidDataException)
        {
            caught++;
        }
        finally
        {
            viaFinally?.Dispose();
        }

        log.WriteLine($"blocks freed despite {caught} exceptions: using {viaUsing!.IsClosed}, finally {viaFinally!.IsClosed}");
        return (viaUsing.IsClosed, viaFinally.IsClosed, caught);
    }

    private static void Process(Span<byte> data)
    {
        data.Fill(1);
        throw new InvalidDataException("processing failed half-way");
    }
}
