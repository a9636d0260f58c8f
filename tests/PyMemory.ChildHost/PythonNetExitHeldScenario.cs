using PyMemory.PythonNet;
using Python.Runtime;

namespace PyMemory.ChildHost;

/// <summary>
/// Starts through the bridge, lets a background thread take the GIL and keep it (first argument: <c>gilscope</c> for
/// GilScope.Enter, <c>pygil</c> for pythonnet's Py.GIL), then ends the process while it holds it (second argument:
/// <c>return</c> from Main or <c>exit</c> through Environment.Exit(0)). pythonnet's own exit handler would wait for that
/// GIL forever; the bridge's must let the process exit with code 0.
/// </summary>
internal sealed class PythonNetExitHeldScenario : IChildScenario
{
    public string Name => "pythonnet-exit-held";

    public int Run(string[] args)
    {
        PythonNetBridgeMode mode = PythonNetChild.Start();
        bool pyGil = args[0] == "pygil" && mode == PythonNetBridgeMode.PythonNet;
        using var holding = new ManualResetEventSlim();
        var holder = new Thread(() =>
        {
            IDisposable gil = pyGil ? Py.GIL() : GilScope.Enter();
            using (gil)
            {
                holding.Set();
                Thread.Sleep(Timeout.Infinite);
            }
        })
        { IsBackground = true };
        holder.Start();
        holding.Wait();
        Console.WriteLine("held-by=" + (pyGil ? "Py.GIL" : "GilScope"));
        Console.WriteLine("exiting=" + args[1]);
        Console.Out.Flush();
        if (args[1] == "exit")
        {
            Environment.Exit(0);
        }

        return 0;
    }
}
