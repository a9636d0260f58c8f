namespace PyMemory.ChildHost;

/// <summary>
/// A buffer lease that outlives the interpreter: after Shutdown its members throw InterpreterFinalizedException (the
/// exporter's memory may be gone with the interpreter), Dispose calls nothing and ends the lease, and later members
/// throw ObjectDisposedException. Prints one line per step: "length: InterpreterFinalizedException",
/// "span: InterpreterFinalizedException", "disposed", "after dispose: ObjectDisposedException".
/// </summary>
internal sealed class LeaseAfterShutdownScenario : IChildScenario
{
    public string Name => "lease-after-shutdown";

    public int Run(string[] args)
    {
        TestLibrary.Initialize();
        PyBufferLease lease;
        var gil = GilScope.Enter();
        using (PyObjectHandle array = PyObjects.FromByteArray("outlives the interpreter"u8))
        {
            lease = PyBufferLease.EnterWritable(array);
        }

        lease.AsSpan()[0] = (byte)'O';
        gil.Dispose();
        if (!PythonRuntime.Shutdown())
        {
            return 3;
        }

        Console.WriteLine("length: " + Outcome(lease, l => _ = l.Length));
        Console.WriteLine("span: " + Outcome(lease, l => _ = l.AsSpan().Length));
        lease.Dispose();
        lease.Dispose();
        Console.WriteLine("disposed");
        Console.WriteLine("after dispose: " + Outcome(lease, l => _ = l.AsReadOnlySpan().Length));
        return 0;
    }

    private static string Outcome(PyBufferLease lease, Action<PyBufferLease> use)
    {
        try
        {
            use(lease);
            return "no exception";
        }
        catch (InvalidOperationException e)
        {
            return e.GetType().Name; // InterpreterFinalizedException and ObjectDisposedException both derive from it
        }
    }

    private delegate void Action<T>(T value)
        where T : allows ref struct;
}
