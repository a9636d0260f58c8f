using PyMemory.Interop;

namespace PyMemory.ChildHost;

/// <summary>
/// An export from a thread that runs a subinterpreter is refused with NotSupportedException (the exporter type belongs
/// to the main interpreter), and nothing stays pinned; back in the main interpreter exporting works. Prints key=value lines.
/// </summary>
internal sealed unsafe class ExportSubinterpreterScenario : IChildScenario
{
    public string Name => "export-subinterpreter";

    public int Run(string[] args)
    {
        TestLibrary.Initialize();
        PythonApi api = RawLayer.Api();
        using RawBlock block = RawBlock.Allocate(16);
        using (GilScope.Enter())
        {
            // First in the main interpreter, so that this thread's own state is remembered as the main one: the
            // subinterpreter's state, swapped in on the same thread, must still be refused.
            PythonBuffer.Export(block).Dispose();
            nint main = api.PyThreadState_Swap(0);
            nint sub = api.Py_NewInterpreter();
            string outcome;
            try
            {
                PythonBuffer.Export(block).Dispose();
                outcome = "allowed";
            }
            catch (NotSupportedException e)
            {
                outcome = "NotSupportedException: " + e.Message;
            }

            api.Py_EndInterpreter(sub);
            _ = api.PyThreadState_Swap(main);
            Console.WriteLine($"in-subinterpreter={outcome}");
            block.Resize(32); // nothing was left pinned
            using PyObjectHandle exported = PythonBuffer.Export(block);
            Console.WriteLine($"in-main={exported.TypeName}");
        }

        return 0;
    }
}
