using System.Runtime.CompilerServices;

namespace PyMemory.ChildHost;

/// <summary>
/// Finalizes the interpreter PyMemory started and prints how every kind of later call behaves: each line is
/// <c>name=outcome</c>, where the outcome is the exception type's name or "ok".
/// </summary>
internal sealed class ShutdownScenario : IChildScenario
{
    public string Name => "shutdown";

    public int Run(string[] args)
    {
        TestLibrary.Initialize();
        PyObjectHandle survivor;
        nint borrowed;
        using (GilScope.Enter())
        {
            survivor = PyRun.Eval("object()");
            borrowed = survivor.DangerousGetPointer();
            CreateGarbage();
            Report("shutdown-inside-scope", () => PythonRuntime.Shutdown());
        }

        Console.WriteLine("shutdown=" + PythonRuntime.Shutdown());
        Console.WriteLine("state=" + PythonRuntime.State);
        Console.WriteLine("is-running=" + PythonRuntime.IsRunning);
        Console.WriteLine("second-shutdown=" + PythonRuntime.Shutdown());

        Report("gil-enter", () => GilScope.Enter().Dispose());
        Report("gil-is-held", () => Console.WriteLine("gil-is-held-value=" + GilScope.IsHeld));
        Report("drain-pending-releases", () => Console.WriteLine("drain-pending-releases-value=" + PythonRuntime.DrainPendingReleases()));
        Report("pyrun-exec", () => PyRun.Exec("pass"));
        Report("pyrun-eval", () => PyRun.Eval("1").Dispose());
        Report("handle-from-borrowed", () => PyObjectHandle.FromBorrowedReference(borrowed).Dispose());
        Report("version", () => _ = PythonRuntime.Version);
        Report("initialize", () => TestLibrary.Initialize());
        Report("initialize-on-another-thread", () =>
        {
            Exception? caught = null;
            var thread = new Thread(() =>
            {
                try
                {
                    PythonRuntime.Initialize();
                }
#pragma warning disable CA1031 // rethrown on the reporting thread
                catch (Exception e)
#pragma warning restore CA1031
                {
                    caught = e;
                }
            });
            thread.Start();
            thread.Join();
            if (caught != null)
            {
                throw caught;
            }
        });

        // A handle created before shutdown is leaked on purpose, not decref'd into a finalized interpreter.
        Report("dispose-survivor", survivor.Dispose);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Console.WriteLine("finalizers=ok");
        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CreateGarbage()
    {
        // Owners left to the finalizer, which will run after the interpreter is gone.
        for (int i = 0; i < 10; i++)
        {
            _ = PyRun.Eval("[1, 2, 3]");
        }
    }

    private static void Report(string name, Action action)
    {
        try
        {
            action();
            Console.WriteLine(name + "=ok");
        }
#pragma warning disable CA1031 // the outcome is what is reported
        catch (Exception e)
#pragma warning restore CA1031
        {
            Console.WriteLine(name + "=" + e.GetType().Name);
            Console.WriteLine(name + "-message=" + e.Message.ReplaceLineEndings(" "));
        }
    }
}
