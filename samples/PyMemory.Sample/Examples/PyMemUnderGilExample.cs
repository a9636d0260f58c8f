namespace PyMemory.Sample.Examples;

/// <summary>
/// Python-domain memory (PyMem_Malloc) under a GIL scope: 512 bytes allocated, used and freed while the GIL is
/// held, the C# form of PyGILState_Ensure / PyMem_Malloc / PyMem_Free / PyGILState_Release.
/// </summary>
public static class PyMemUnderGilExample
{
    public static (long Length, bool GilHeld, int Sum) Run(TextWriter log)
    {
        using GilScope gil = GilScope.Enter();
        using PyMemBlock memory = PyMemBlock.Allocate(512);

        Span<byte> bytes = memory.Span;
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(i % 7);
        }

        int sum = 0;
        foreach (byte b in memory.Span)
        {
            sum += b;
        }

        log.WriteLine($"PyMem block of {memory.Length} bytes under the GIL, byte sum {sum}");
        return (memory.Length, GilScope.IsHeld, sum);
    }
}
