namespace PyMemory.ChildHost;

/// <summary>
/// Starts Python with <see cref="PythonRuntimeOptions.InstallSignalHandlers"/> (args[0] "on") or without ("off") and
/// reports what Python's SIGINT handling does: the handler Python sees, what <c>_thread.interrupt_main()</c> raises, and
/// (only "on", where Python owns SIGINT) what a real SIGINT raises. Each line is <c>name=outcome</c>.
/// </summary>
internal sealed class SignalHandlersScenario : IChildScenario
{
    private const string InterruptMain = """
        import _thread, signal
        handler = 'default_int_handler' if signal.getsignal(signal.SIGINT) is signal.default_int_handler else repr(signal.getsignal(signal.SIGINT))
        try:
            _thread.interrupt_main()
            for _ in range(100000):
                pass
            interrupt_main = 'nothing'
        except KeyboardInterrupt:
            interrupt_main = 'KeyboardInterrupt'
        except Exception as e:
            interrupt_main = type(e).__name__
        """;

    private const string RealSignal = """
        import os, signal, time
        try:
            os.kill(os.getpid(), signal.SIGINT)
            # The signal goes to the process, so any thread may take it: wait (bounded) for Python to see it.
            for _ in range(500):
                time.sleep(0.01)
            real_signal = 'nothing'
        except KeyboardInterrupt:
            real_signal = 'KeyboardInterrupt'
        """;

    public string Name => "signal-handlers";

    public int Run(string[] args)
    {
        bool on = args.Length > 0 && args[0] == "on";
        PythonRuntime.Initialize(new PythonRuntimeOptions { LibraryPath = TestLibrary.Path, InstallSignalHandlers = on });
        using (GilScope.Enter())
        {
            PyRun.Exec(InterruptMain);
            Console.WriteLine("handler=" + PyRun.EvalToString("handler"));
            Console.WriteLine("interrupt-main=" + PyRun.EvalToString("interrupt_main"));
            if (on)
            {
                PyRun.Exec(RealSignal);
                Console.WriteLine("real-signal=" + PyRun.EvalToString("real_signal"));
            }
        }

        Console.WriteLine("shutdown=" + PythonRuntime.Shutdown());
        return 0;
    }
}
