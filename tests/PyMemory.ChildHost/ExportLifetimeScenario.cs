namespace PyMemory.ChildHost;

/// <summary>
/// Exports a block of each domain (and a typed export, and a block's AsMemory, and two scoped exports for a call that
/// keeps a view), disposes every block while Python holds a view, and releases the views from a Python threading.Thread, which frees the blocks in their own domains.
/// Meant to run under PYTHONMALLOC=debug, where a free in the wrong domain, without the GIL, or of memory Python still
/// reads would be a fatal error. Prints key=value lines.
/// </summary>
internal sealed class ExportLifetimeScenario : IChildScenario
{
    public string Name => "export-lifetime";

    public int Run(string[] args)
    {
        TestLibrary.Initialize();
        using GilScope gil = GilScope.Enter();
        NativeBlock[] blocks = [RawBlock.Allocate(64), PyMemBlock.Allocate(64), PyObjectBlock.Allocate(64), PyMemBlock.Allocate(4 * sizeof(float)), PyObjectBlock.Allocate(32)];
        for (int b = 0; b < blocks.Length; b++)
        {
            blocks[b].Span.Fill((byte)(b + 1));
        }

        blocks[3].AsSpan<float>().Fill(4f);

        PyObjectHandle views = PyObjects.NewList(blocks.Length);
        using (PyObjectHandle raw = PythonBuffer.Export(blocks[0]))
        using (PyObjectHandle mem = PythonBuffer.ExportWritable(blocks[1]))
        using (PyObjectHandle obj = PythonBuffer.Export(blocks[2], 8, 48))
        using (PyObjectHandle typed = PythonBuffer.Export<float>(blocks[3], [2, 2]))
        using (PyObjectHandle memory = PythonBuffer.Export(blocks[4].AsMemory(16, 16)))
        {
            PyObjects.SetListItem(views, 0, raw);
            PyObjects.SetListItem(views, 1, mem);
            PyObjects.SetListItem(views, 2, obj);
            PyObjects.SetListItem(views, 3, typed);
            PyObjects.SetListItem(views, 4, memory);
        }

        using (PyObjectHandle globals = PyRun.Eval("globals()"))
        {
            PyObjects.SetDictItem(globals, "exports", views);
        }

        views.Dispose(); // Python's references alone keep the exporters alive from here on

        PyRun.Exec("kept = []");
        using (PyObjectHandle keep = PyRun.Eval("lambda b: kept.append(memoryview(b))"))
        {
            using (ScopedPyObjectHandle scoped = PythonBuffer.ExportScoped(blocks[0], 0, 8))
            {
                PyRun.Call(keep, scoped).Dispose();
            }

            using (ScopedPyObjectHandle scoped = PythonBuffer.ExportScopedWritable(blocks[1].AsMemory()))
            {
                PyRun.Call(keep, scoped).Dispose();
            }
        }

        PyRun.Exec("views = [memoryview(e) for e in exports] + kept\ndel exports, kept");
        foreach (NativeBlock block in blocks)
        {
            block.Dispose();
        }

        Console.WriteLine($"closed-after-dispose={blocks.Count(b => b.IsClosed)}");
        PyRun.Exec("""
            import threading
            def release():
                global views, seen
                views[1][0] = 0x7F  # the writable MEM export
                seen = [v[0] if v.ndim == 1 else v.tolist()[0][0] for v in views]
                for v in views:
                    v.release()
                del views
            t = threading.Thread(target=release)
            t.start()
            t.join()
            """);
        Console.WriteLine($"seen={PyRun.EvalToString("seen")}");
        Console.WriteLine($"closed-after-release={blocks.Count(b => b.IsClosed)}");
        Console.WriteLine($"pending={PythonRuntime.PendingReleaseCount}");
        return 0;
    }
}
