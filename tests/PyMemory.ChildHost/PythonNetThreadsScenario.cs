using PyMemory.PythonNet;
using Python.Runtime;

namespace PyMemory.ChildHost;

/// <summary>
/// Starts through the bridge, then 4 threads x 200 rounds take the GIL through Py.GIL() and GilScope nested in both
/// orders (GilScope alone under the fallback), each round creating objects on one side and using them on the other.
/// Prints <c>rounds=</c> the completed count and <c>errors=</c>, then shuts down through the bridge.
/// </summary>
internal sealed class PythonNetThreadsScenario : IChildScenario
{
    private const int Threads = 4;
    private const int Rounds = 200;

    public string Name => "pythonnet-threads";

    public int Run(string[] args)
    {
        Watchdog.Start(TimeSpan.FromSeconds(90));
        bool pythonNet = PythonNetChild.Start() == PythonNetBridgeMode.PythonNet;
        int rounds = 0;
        int errors = 0;
        var workers = Enumerable.Range(0, Threads).Select(index => new Thread(() =>
        {
            for (int round = 0; round < Rounds; round++)
            {
                try
                {
                    long expected = (index * 1000) + round;
                    long seen = pythonNet ? Mixed(round % 3, expected) : ScopeOnly(expected);
                    if (seen == expected)
                    {
                        Interlocked.Increment(ref rounds);
                    }
                    else
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
#pragma warning disable CA1031 // counted and reported
                catch (Exception e)
#pragma warning restore CA1031
                {
                    Interlocked.Increment(ref errors);
                    Console.WriteLine("error=" + e.GetType().Name + ": " + e.Message.ReplaceLineEndings(" "));
                }
            }
        })).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
        Console.WriteLine("rounds=" + rounds);
        Console.WriteLine("errors=" + errors);
        return PythonNetChild.Finish();
    }

    /// <summary>One round with both GILs: 0 = GilScope inside Py.GIL, 1 = Py.GIL inside GilScope, 2 = the bridge's
    /// GIL alone. The value goes across as an object and back.</summary>
    private static long Mixed(int shape, long value)
    {
        switch (shape)
        {
            case 0:
                using (Py.GIL())
                {
                    using var number = new PyInt(value);
                    using GilScope gil = GilScope.Enter();
                    using PyObjectHandle handle = number.ToHandle();
                    return PyObjects.ReadInt64(handle);
                }

            case 1:
                using (GilScope.Enter())
                {
                    using PyObjectHandle handle = PyObjects.FromInt64(value);
                    using (Py.GIL())
                    {
                        using PyObject number = handle.ToPyObject();
                        return number.As<long>();
                    }
                }

            default:
                using (PythonNetBridge.Gil())
                {
                    using PyObject number = PyObjects.FromInt64(value).MoveToPyObject();
                    using PyObjectHandle back = number.ToHandle();
                    return PyObjects.ReadInt64(back);
                }
        }
    }

    private static long ScopeOnly(long value)
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle handle = PyObjects.FromInt64(value);
        using GilScope nested = GilScope.Enter();
        return PyObjects.ReadInt64(handle);
    }
}
