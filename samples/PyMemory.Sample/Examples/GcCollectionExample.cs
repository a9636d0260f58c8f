namespace PyMemory.Sample.Examples;

/// <summary>
/// Reference cycles need the cycle collector: a list that contains itself keeps its reference count above zero after
/// its handle is released, until a collection (<c>gc.collect()</c>) finds it. Run it under the memory debug hooks by
/// starting Python with <see cref="PythonRuntimeOptions.EnableDebugHooks"/>; the hooks check every block the collector
/// frees.
/// </summary>
public static class GcCollectionExample
{
    /// <summary>Runs the example.</summary>
    /// <param name="log">Receives a line per step.</param>
    /// <returns>The cycle's reference count once its handle holds the only outside reference, and the number of
    /// unreachable objects the collection found.</returns>
    public static (long RefCountInCycle, long Collected) Run(TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        using GilScope gil = GilScope.Enter();

        long refCountInCycle;
        using (PyObjectHandle cycle = PyObjects.NewList(1))
        {
            PyObjects.SetListItem(cycle, 0, cycle); // list[0] is the list itself
            refCountInCycle = cycle.RefCount; // 2: our handle and the list's own slot
        }

        // Our reference is gone, the self-reference keeps the list alive: only the collector can free it.
        long collected = PyObjects.Collect();
        log.WriteLine($"cycle refcount {refCountInCycle}; gc.collect() found {collected} unreachable objects");
        return (refCountInCycle, collected);
    }
}
