using System.Globalization;

namespace PyMemory.Sample.Examples;

/// <summary>
/// Cross-language copies: a .NET byte[] copied into Python (PyMem) memory, read there by Python code through
/// ctypes, and copied back into a new .NET array.
/// </summary>
public static class CopyBytesIntoPythonMemoryExample
{
    public static (byte[] RoundTrip, string SeenByPython) Run(TextWriter log, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using GilScope gil = GilScope.Enter();
        using PyMemBlock memory = PyMemBlock.Allocate(data.Length);

        memory.CopyFrom(data);
        string address = memory.DangerousGetHandle().ToString(CultureInfo.InvariantCulture);
        string seenByPython = PyRun.EvalToString($"__import__('ctypes').string_at({address}, {memory.Length}).hex()");
        byte[] roundTrip = memory.ToArray();

        log.WriteLine($"{data.Length} bytes copied into PyMem memory; Python reads {seenByPython}");
        return (roundTrip, seenByPython);
    }
}
