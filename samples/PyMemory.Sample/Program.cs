using PyMemory;
using PyMemory.Sample.Examples;

// The README's main job: every usage example of the SDK, run against the Python PyMemory finds (PYMEMORY_TEST_LIBPYTHON
// or PYTHONNET_PYDLL choose one). "--debug-hooks" starts Python with CPython's memory debug hooks, which then check every
// block the examples touch. Each example is also a test in tests/PyMemory.Tests/UsageExamples.
bool debugHooks = args.Contains("--debug-hooks");
PythonRuntime.Initialize(new PythonRuntimeOptions
{
    LibraryPath = Environment.GetEnvironmentVariable("PYMEMORY_TEST_LIBPYTHON"),
    EnableDebugHooks = debugHooks,
});
Console.WriteLine("Using " + PythonRuntime.Library); // which library, which discovery rule, and why
Console.WriteLine($"Python {PythonRuntime.Version} ({PythonRuntime.State}{(debugHooks ? ", debug hooks on" : "")})");

TextWriter log = Console.Out;
Run("Raw memory: allocate, resize, free without the GIL", () => RawBlockWithoutGilExample.Run(log));
Run("Python memory: allocate under a GIL scope", () => PyMemUnderGilExample.Run(log));
Run("Custom allocator setup: get, save, debug hooks, restore", () => CustomAllocatorSetupExample.Run(log));
Run("Monitoring allocations while filling a 1000-item list", () => AllocationMonitoringExample.Run(log));
Run("A 100 MB raw buffer", () => LargeRawBufferExample.Run(log));
Run("A pre-sized list filled with ints", () => PreSizedListExample.Run(log).Summary);
Run("Leak prevention with using and finally", () => LeakPreventionExample.Run(log));
Run("Exception safety around list and dict creation", () => ExceptionSafetyExample.Run(log));
Run("Garbage collection", () => GcCollectionExample.Run(log));
Run("PyType_GenericAlloc", () => GenericAllocExample.Run(log));
Run("byte[] copied into Python memory", () => CopyBytesIntoPythonMemoryExample.Run(log, "PyMemory"u8.ToArray()).SeenByPython);
Run("A Python str copied out to a .NET string", () => StringCopyExample.Run(log));
Run("Leak check with a mark, and a request held to its memory budget", () => LeakCheckExample.Run(log));
Run("A PipeReader reading into pool memory, each segment parsed by Python in place", () => PooledPipeReaderExample.RunAsync(log, PooledPipeReaderExample.CreateStream(100_000)).GetAwaiter().GetResult().Summary);

Console.WriteLine(PythonRuntime.Shutdown() ? "Shutdown: finalized the interpreter PyMemory started." : "Shutdown: left the interpreter running (PyMemory did not start it).");
return 0;

static void Run(string title, Func<object> example)
{
    Console.WriteLine();
    Console.WriteLine("== " + title);
    Console.WriteLine("-> " + example());
}
