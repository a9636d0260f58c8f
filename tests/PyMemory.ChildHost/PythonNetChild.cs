using PyMemory.PythonNet;

namespace PyMemory.ChildHost;

/// <summary>What the pythonnet-* scenarios share: starting through the bridge with the library under test and the line
/// logger, and printing how it went.</summary>
internal static class PythonNetChild
{
    /// <summary>Options for the library under test, logging every event as a <c>log=</c> line.</summary>
    public static PythonRuntimeOptions Options() =>
        new() { LibraryPath = TestLibrary.Path, LoggerFactory = LineLoggerProvider.CreateFactory() };

    /// <summary>Starts through the bridge and prints <c>mode=</c> and <c>version=</c>.</summary>
    public static PythonNetBridgeMode Start()
    {
        PythonNetBridgeMode mode = PythonNetBridge.Initialize(Options());
        Report(mode);
        return mode;
    }

    /// <summary>Prints <c>mode=</c>, <c>version=</c>, <c>state=</c> and <c>pythonnet-active=</c>.</summary>
    public static void Report(PythonNetBridgeMode mode)
    {
        Console.WriteLine("mode=" + mode);
        Console.WriteLine("version=" + PythonRuntime.Version.Major + "." + PythonRuntime.Version.Minor);
        Console.WriteLine("state=" + PythonRuntime.State);
        Console.WriteLine("pythonnet-active=" + PythonNetBridge.IsPythonNetActive);
    }

    /// <summary>Shuts down through the bridge and prints <c>shutdown=</c>; the scenario's exit code, 0.</summary>
    public static int Finish()
    {
        Console.WriteLine("shutdown=" + PythonNetBridge.Shutdown());
        Console.WriteLine("state-after-shutdown=" + PythonRuntime.State);
        Console.Out.Flush();
        return 0;
    }

    /// <summary>Waits for <paramref name="thread"/> at most <paramref name="limit"/>; prints <c>name=ok</c> or
    /// <c>name=blocked</c>.</summary>
    public static void JoinOrReport(string name, Thread thread, TimeSpan limit) =>
        Console.WriteLine(name + "=" + (thread.Join(limit) ? "ok" : "blocked"));
}
