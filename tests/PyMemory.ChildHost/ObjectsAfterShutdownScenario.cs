namespace PyMemory.ChildHost;

/// <summary>
/// A handle that outlives the interpreter: reading it throws InterpreterFinalizedException, and disposing it (or
/// finalizing it) leaks the reference on purpose instead of calling into a finalized interpreter.
/// Prints "read: InterpreterFinalizedException", then "disposed" and "finalized".
/// </summary>
internal sealed class ObjectsAfterShutdownScenario : IChildScenario
{
    public string Name => "objects-after-shutdown";

    public int Run(string[] args)
    {
        TestLibrary.Initialize();
        PyObjectHandle disposed;
        using (GilScope.Enter())
        {
            disposed = PyObjects.FromString("outlives the interpreter");
            LeaveToFinalizer();
        }

        if (!PythonRuntime.Shutdown())
        {
            return 3;
        }

        try
        {
            _ = disposed.RefCount;
            Console.WriteLine("read: no exception");
        }
        catch (InterpreterFinalizedException e)
        {
            Console.WriteLine("read: " + e.GetType().Name);
        }

        disposed.Dispose();
        Console.WriteLine("disposed");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Console.WriteLine("finalized");
        return 0;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void LeaveToFinalizer() => _ = PyObjects.NewList(1);
}
