using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/PyMemory.Benchmarks -- --filter '*'
// The Python under test comes from PYMEMORY_TEST_LIBPYTHON (or the SDK's discovery). Each benchmark class has a
// Baseline method that calls the native functions directly, so results read as ratios measured in the same run.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
