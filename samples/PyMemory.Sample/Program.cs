using PyMemory;

// The README's main job: exercise the SDK against the Python it finds (or PYMEMORY_TEST_LIBPYTHON / PYTHONNET_PYDLL).
PythonRuntime.Initialize(new PythonRuntimeOptions
{
    LibraryPath = Environment.GetEnvironmentVariable("PYMEMORY_TEST_LIBPYTHON"),
    Log = Console.WriteLine,
});
Console.WriteLine($"Python {PythonRuntime.Version} ({PythonRuntime.State})");

using (GilScope.Enter())
{
    PyRun.Exec("import sys, decimal");
    Console.WriteLine("embedded interpreter: " + PyRun.EvalToString("sys.version.split()[0]"));
}

Console.WriteLine("shutdown: " + (PythonRuntime.Shutdown() ? "finalized the interpreter PyMemory started" : "left the interpreter running"));
return 0;
