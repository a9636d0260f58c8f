namespace PyMemory.ChildHost;

/// <summary>
/// Many leases over every kind of CPython exporter (bytes, bytearray, memoryview, array.array, mmap), copied by value
/// and disposed through the original, the copy or both, in nested and out-of-order patterns, with the exporters freed
/// and collected after each round. Meant for PYTHONMALLOC=debug, whose hooks turn a double PyBuffer_Release (a double
/// Py_DECREF of a freed object) into a fatal error. Prints "leases N, references restored" and exits 0.
/// </summary>
internal sealed class LeaseChurnScenario : IChildScenario
{
    private static readonly string[] Exporters =
    [
        "bytes(range(256)) * 16",
        "bytearray(b'churn' * 500)",
        "memoryview(bytearray(4096))[16:2048]",
        "memoryview(b'0123456789' * 100)[::3]",
        "__import__('array').array('d', range(300))",
        "__import__('mmap').mmap(-1, 8192)",
    ];

    public string Name => "lease-churn";

    public int Run(string[] args)
    {
        TestLibrary.Initialize();
        int leases = 0;
        using (GilScope.Enter())
        {
            for (int round = 0; round < 200; round++)
            {
                foreach (string expression in Exporters)
                {
                    using PyObjectHandle exporter = PyRun.Eval(expression);
                    long references = exporter.RefCount;
                    leases += Churn(exporter, round);
                    if (exporter.RefCount != references)
                    {
                        Console.WriteLine($"{expression}: reference count {exporter.RefCount}, expected {references}");
                        return 1;
                    }
                }

                PyRun.Exec("import gc; gc.collect()");
            }
        }

        Console.WriteLine($"leases {leases}, references restored");
        return 0;
    }

    private static int Churn(PyObjectHandle exporter, int round)
    {
        PyBufferLease a = PyBufferLease.Enter(exporter);
        PyBufferLease copy = a;
        PyBufferLease b = PyBufferLease.Enter(exporter);
        byte[] scratch = new byte[a.Length];
        a.CopyTo(scratch); // reads every byte, through the strides where there are any

        switch (round % 3)
        {
            case 0:
                copy.Dispose();
                a.Dispose();
                b.Dispose();
                break;
            case 1:
                b.Dispose();
                a.Dispose();
                copy.Dispose();
                break;
            default:
                a.Dispose();
                PyBufferLease c = PyBufferLease.Enter(exporter); // reuses a's slot: copy must not release it
                copy.Dispose();
                c.Dispose();
                b.Dispose();
                break;
        }

        try
        {
            _ = copy.Length;
            Console.WriteLine("a disposed copy was still usable");
            Environment.Exit(2);
        }
        catch (ObjectDisposedException)
        {
        }

        return round % 3 == 2 ? 3 : 2;
    }
}
