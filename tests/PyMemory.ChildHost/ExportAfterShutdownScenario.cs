namespace PyMemory.ChildHost;

/// <summary>
/// Python still holds views of exported blocks when the interpreter is finalized: finalization may deallocate the
/// exporters (their unpinning then leaks the blocks instead of freeing into a finalizing interpreter), and afterwards
/// nothing is touched: disposing the handles (a scoped one too) and the blocks does nothing, and a new export throws
/// InterpreterFinalizedException. Prints key=value lines.
/// </summary>
internal sealed class ExportAfterShutdownScenario : IChildScenario
{
    public string Name => "export-after-shutdown";

    public int Run(string[] args)
    {
        TestLibrary.Initialize();
        RawBlock raw = RawBlock.Allocate(32);
        using RawBlock spare = RawBlock.Allocate(8);
        PyMemBlock mem;
        PyObjectBlock obj;
        PyObjectHandle kept;
        ScopedPyObjectHandle scopedKept;
        using (GilScope.Enter())
        {
            mem = PyMemBlock.Allocate(32);
            obj = PyObjectBlock.Allocate(32);
            using PyObjectHandle globals = PyRun.Eval("globals()");
            using (PyObjectHandle e = PythonBuffer.Export(raw))
            {
                PyObjects.SetDictItem(globals, "raw", e);
            }

            using (PyObjectHandle e = PythonBuffer.ExportWritable(mem))
            {
                PyObjects.SetDictItem(globals, "mem", e);
            }

            kept = PythonBuffer.Export(obj.AsMemory()); // .NET keeps this handle past the shutdown
            PyObjects.SetDictItem(globals, "obj", kept);
            scopedKept = PythonBuffer.ExportScoped(spare, 0, 4); // and this scoped one
            using (PyObjectHandle e = scopedKept.ToHandle())
            {
                PyObjects.SetDictItem(globals, "spare", e);
            }

            PyRun.Exec("views = [memoryview(raw), memoryview(mem), memoryview(obj)]\nviews[1][0] = 1");
        }

        raw.Dispose();
        mem.Dispose();
        obj.Dispose();
        Console.WriteLine($"shutdown={PythonRuntime.Shutdown()}");
        kept.Dispose();
        Console.WriteLine($"handle-disposed={kept.IsClosed}");
        scopedKept.Dispose();
        Console.WriteLine($"scoped-disposed={scopedKept.IsDisposed}");
        Console.WriteLine($"export-after-shutdown={Refused(() => PythonBuffer.Export(spare))}");
        Console.WriteLine($"export-memory-after-shutdown={Refused(() => PythonBuffer.Export(new byte[4]))}");
        Console.WriteLine($"export-scoped-after-shutdown={Refused(() => PythonBuffer.ExportScoped(spare))}");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Console.WriteLine("exit=clean");
        return 0;
    }

    private static string Refused<T>(Func<T> export)
        where T : IDisposable, allows ref struct
    {
        try
        {
            export().Dispose();
            return "allowed";
        }
        catch (Exception e)
        {
            return e.GetType().Name;
        }
    }
}
