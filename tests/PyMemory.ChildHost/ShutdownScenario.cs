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
            Outcomes.Report("shutdown-inside-scope", () => PythonRuntime.Shutdown());
        }

        Console.WriteLine("shutdown=" + PythonRuntime.Shutdown());
        Console.WriteLine("state=" + PythonRuntime.State);
        Console.WriteLine("is-running=" + PythonRuntime.IsRunning);
        Console.WriteLine("second-shutdown=" + PythonRuntime.Shutdown());

        Outcomes.Report("gil-enter", () => GilScope.Enter().Dispose());
        Outcomes.Report("gil-is-held", () => Console.WriteLine("gil-is-held-value=" + GilScope.IsHeld));
        Outcomes.Report("drain-pending-releases", () => Console.WriteLine("drain-pending-releases-value=" + PythonRuntime.DrainPendingReleases()));
        Outcomes.Report("pyrun-exec", () => PyRun.Exec("pass"));
        Outcomes.Report("pyrun-eval", () => PyRun.Eval("1").Dispose());
        Outcomes.Report("handle-from-borrowed", () => PyObjectHandle.FromBorrowedReference(borrowed).Dispose());
        Outcomes.Report("version", () => _ = PythonRuntime.Version);
        Outcomes.Report("initialize", () => TestLibrary.Initialize());
        Outcomes.Report("initialize-on-another-thread", () =>
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
        Outcomes.Report("dispose-survivor", survivor.Dispose);
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
}
