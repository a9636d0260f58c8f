using System.Globalization;
using PyMemory.Tracking;

namespace PyMemory.ChildHost;

/// <summary>What the budget, limit and mark scenarios share: a tracked start-up, the outcome of a call as Python names
/// it, and <c>key=value</c> lines.</summary>
internal static class BudgetChild
{
    /// <summary>Starts Python from the library under test with the tracker on from the first allocation; the peak and
    /// the limits exact (resolution 0), sampling off.</summary>
    public static void InitializeTracked() => PythonRuntime.Initialize(new PythonRuntimeOptions
    {
        LibraryPath = TestLibrary.Path,
        Tracking = new MemoryTrackingOptions { PeakResolution = 0, SampleInterval = 0 },
    });

    /// <summary>Runs <paramref name="action"/>: <c>ok</c>, the Python type of a <see cref="PythonException"/>, or the
    /// name of any other exception.</summary>
    public static string Outcome(Action action)
    {
        try
        {
            action();
            return "ok";
        }
        catch (PythonException e)
        {
            return e.PythonTypeName;
        }
#pragma warning disable CA1031 // the outcome is what is reported
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e.GetType().Name;
        }
    }

    /// <summary>Prints one <c>key=value</c> line.</summary>
    public static void Print(string key, object value) =>
        Console.WriteLine(key + "=" + Convert.ToString(value, CultureInfo.InvariantCulture));

    /// <summary>Collects garbage twice (the second pass frees what finalizers of the first released).</summary>
    public static void Collect() => PyRun.Exec("import gc\ngc.collect()\ngc.collect()");
}
