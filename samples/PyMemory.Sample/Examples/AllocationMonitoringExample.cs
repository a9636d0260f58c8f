using System.Globalization;

namespace PyMemory.Sample.Examples;

/// <summary>
/// Monitoring allocations while filling a 1000-item list: <c>sys.getallocatedblocks()</c> before, after filling and
/// after releasing. CPython's debug hooks cannot be installed into a running interpreter (blocks allocated before them
/// would be reported as corrupt), so to run this under the hooks start Python with
/// <see cref="PythonRuntimeOptions.EnableDebugHooks"/> set: the hooks then check every block this example touches.
/// </summary>
public static class AllocationMonitoringExample
{
    /// <summary>The number of items the list is filled with.</summary>
    public const int ItemCount = 1000;

    /// <summary>Runs the example.</summary>
    /// <param name="log">Receives a line per step.</param>
    /// <returns>Allocated pymalloc blocks before, after filling the list and after releasing it.</returns>
    public static (long Before, long AfterFill, long AfterRelease) Run(TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        using GilScope gil = GilScope.Enter();
        // Collect first: garbage left by earlier work would otherwise be freed by an automatic collection half-way
        // and blur the numbers.
        PyRun.Exec("import gc, sys\ngc.collect()");

        long before = AllocatedBlocks();
        long afterFill;
        using (PyObjectHandle list = PyObjects.NewList(ItemCount))
        {
            for (int i = 0; i < ItemCount; i++)
            {
                // Values above 256 so that every item is a new int object (CPython shares -5..256).
                using PyObjectHandle item = PyObjects.FromInt64(1000 + i);
                PyObjects.SetListItem(list, i, item);
            }

            afterFill = AllocatedBlocks();
        }

        long afterRelease = AllocatedBlocks();
        log.WriteLine($"allocated blocks: before {before}, filled {afterFill} (+{afterFill - before}), released {afterRelease}");
        return (before, afterFill, afterRelease);
    }

    private static long AllocatedBlocks() =>
        long.Parse(PyRun.EvalToString("sys.getallocatedblocks()"), CultureInfo.InvariantCulture);
}
