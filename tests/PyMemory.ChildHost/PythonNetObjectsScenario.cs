using System.Runtime.CompilerServices;
using PyMemory.PythonNet;
using Python.Runtime;

namespace PyMemory.ChildHost;

/// <summary>
/// Hands objects between PyObjectHandle and pythonnet's PyObject in the four directions and prints the reference
/// counts and weakref liveness that prove each ownership rule (<c>name=value</c> lines), the GIL checks, and the
/// pending-release drain at the bridge's entry points. Under the fallback (3.8 to 3.10) only <c>mode=</c> is printed.
/// </summary>
internal sealed class PythonNetObjectsScenario : IChildScenario
{
    public string Name => "pythonnet-objects";

    public int Run(string[] args)
    {
        Watchdog.Start(TimeSpan.FromSeconds(60));
        if (PythonNetChild.Start() != PythonNetBridgeMode.PythonNet)
        {
            return PythonNetChild.Finish();
        }

        PyObject outside;
        using (PythonNetBridge.Gil())
        using (GilScope.Enter())
        {
            using PyObject weakref = Py.Import("weakref");
            PyRun.Exec("class Box:\n    pass\n"); // lists cannot be weakly referenced; instances of a class can
            using PyObject main = Py.Import("__main__");
            using PyObject boxType = main.GetAttr("Box");

            // ToPyObject: a reference of its own for the PyObject; the handle stays the owner of its one.
            PyObjectHandle handle = PyRun.Eval("Box()");
            Print("to-pyobject-before", handle.RefCount);
            PyObject copy = handle.ToPyObject();
            Print("to-pyobject-both", $"{handle.RefCount},{copy.Refcount}");
            using PyObject copyRef = weakref.InvokeMethod("ref", copy);
            handle.Dispose();
            Print("to-pyobject-after-handle-dispose", copy.Refcount);
            Print("to-pyobject-alive-with-pyobject", Alive(copyRef));
            copy.Dispose();
            Print("to-pyobject-alive-after-both", Alive(copyRef));

            // MoveToPyObject: the handle's reference is handed over, the count does not move.
            PyObjectHandle moved = PyRun.Eval("Box()");
            PyObject movedTo = moved.MoveToPyObject();
            Print("move-to-pyobject-count", movedTo.Refcount);
            Print("move-to-pyobject-handle-closed", moved.IsClosed);
            moved.Dispose(); // harmless: it gave its reference away
            Print("move-to-pyobject-count-after-handle-dispose", movedTo.Refcount);
            Print("move-to-pyobject-detach-again", Outcomes.Of(() => moved.Detach()));
            using PyObject movedRef = weakref.InvokeMethod("ref", movedTo);
            Print("move-to-pyobject-alive", Alive(movedRef));
            movedTo.Dispose();
            Print("move-to-pyobject-alive-after-dispose", Alive(movedRef));

            // ToHandle: a reference of its own for the handle.
            PyObject list = boxType.Invoke();
            PyObjectHandle copied = list.ToHandle();
            Print("to-handle-both", $"{copied.RefCount},{list.Refcount}");
            using PyObject listRef = weakref.InvokeMethod("ref", list);
            list.Dispose();
            Print("to-handle-after-pyobject-dispose", copied.RefCount);
            Print("to-handle-alive-with-handle", Alive(listRef));
            copied.Dispose();
            Print("to-handle-alive-after-both", Alive(listRef));

            // MoveToHandle: the PyObject's reference goes to the handle, the PyObject is disposed.
            PyObject second = boxType.Invoke();
            using PyObject secondRef = weakref.InvokeMethod("ref", second);
            PyObjectHandle took = second.MoveToHandle();
            Print("move-to-handle-count", took.RefCount);
            Print("move-to-handle-source", Outcomes.Of(() => second.ToHandle().Dispose()));
            Print("move-to-handle-alive", Alive(secondRef));
            took.Dispose();
            Print("move-to-handle-alive-after-dispose", Alive(secondRef));

            Print("disposed-handle-to-pyobject", Outcomes.Of(() => handle.ToPyObject().Dispose()));
            Print("empty-handle-to-pyobject", Outcomes.Of(() => new PyObjectHandle().ToPyObject().Dispose()));
            outside = new PyList();
        }

        // Without the GIL: a clear exception, never a crash.
        using PyObjectHandle kept = KeepOne();
        Print("no-gil-to-handle", Outcomes.Of(() => outside.ToHandle().Dispose()));
        Print("no-gil-to-pyobject", Outcomes.Of(() => kept.ToPyObject().Dispose()));
        using (Py.GIL())
        {
            outside.Dispose();
        }

        // Py.GIL() alone does not free PyMemory's queued releases; the bridge's GIL and conversions do.
        DropHandles(3);
        Print("pending-before", PythonRuntime.PendingReleaseCount);
        using (Py.GIL())
        {
            Print("pending-inside-py-gil", PythonRuntime.PendingReleaseCount);
        }

        using (PythonNetBridge.Gil())
        {
            Print("pending-inside-bridge-gil", PythonRuntime.PendingReleaseCount);
        }

        DropHandles(2);
        Print("pending-before-conversion", PythonRuntime.PendingReleaseCount);
        using (Py.GIL())
        {
            using var value = new PyInt(7);
            using PyObjectHandle converted = value.ToHandle();
            Print("pending-after-conversion", PythonRuntime.PendingReleaseCount);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        Console.WriteLine("finalizers=ok");
        return PythonNetChild.Finish();
    }

    private static void Print(string name, object value) => Console.WriteLine(name + "=" + value);

    private static bool Alive(PyObject weakReference)
    {
        using PyObject target = weakReference.Invoke();
        return !target.IsNone();
    }

    private static PyObjectHandle KeepOne()
    {
        using GilScope gil = GilScope.Enter();
        return PyRun.Eval("object()");
    }

    /// <summary>Leaves <paramref name="count"/> handles to the finalizer, which queues their release (no GIL there).</summary>
    private static void DropHandles(int count)
    {
        Create(count);
        GC.Collect();
        GC.WaitForPendingFinalizers();

        [MethodImpl(MethodImplOptions.NoInlining)]
        static void Create(int count)
        {
            using GilScope gil = GilScope.Enter();
            for (int i = 0; i < count; i++)
            {
                _ = PyRun.Eval("[0]");
            }
        }
    }
}
