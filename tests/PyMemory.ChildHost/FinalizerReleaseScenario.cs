using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PyMemory.ChildHost;

/// <summary>
/// A PyObjectHandle left to the finalizer: the finalizer thread lacks the GIL, so its Py_DecRef is queued
/// (PendingReleaseCount rises, the object keeps its reference) and runs when the next GilScope is entered.
/// Prints "queued pending=N refcount=R" and "drained pending=N refcount=R".
/// </summary>
internal sealed class FinalizerReleaseScenario : IChildScenario
{
    public string Name => "objects-finalizer-release";

    public int Run(string[] args)
    {
        TestLibrary.Initialize();
        PyObjectHandle keeper;
        using (GilScope.Enter())
        {
            keeper = PyObjects.NewList(0);
            AbandonSecondReference(keeper);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();

        // No thread holds the GIL and none runs Python, so reading the header directly is safe here.
        Console.WriteLine($"queued pending={PythonRuntime.PendingReleaseCount} refcount={Marshal.ReadIntPtr(keeper.DangerousGetPointer())}");
        using (GilScope.Enter())
        {
            Console.WriteLine($"drained pending={PythonRuntime.PendingReleaseCount} refcount={keeper.RefCount}");
        }

        GC.KeepAlive(keeper);
        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AbandonSecondReference(PyObjectHandle keeper) =>
        _ = PyObjectHandle.FromBorrowedReference(keeper.DangerousGetPointer()); // never disposed: left to the finalizer
}
