namespace PyMemory.Sample.Examples;

/// <summary>
/// Pre-sizing a list to the number of items it will hold and filling its empty slots, as the Java API's
/// "memory-efficient object creation" example does: the list's storage is allocated once.
/// </summary>
public static class PreSizedListExample
{
    /// <summary>Runs the example.</summary>
    /// <param name="log">Receives a line per step.</param>
    /// <param name="count">How many items.</param>
    /// <returns>The items read back from the list, and its str() when short (the sum otherwise).</returns>
    public static (long[] Items, string Summary) Run(TextWriter log, int count = 1000)
    {
        ArgumentNullException.ThrowIfNull(log);
        using GilScope gil = GilScope.Enter();

        using PyObjectHandle list = PyObjects.NewList(count); // every slot empty until set
        for (int i = 0; i < count; i++)
        {
            using PyObjectHandle item = PyObjects.FromInt64((long)i * i);
            PyObjects.SetListItem(list, i, item); // the list takes its own reference; `item` stays ours to dispose
        }

        var items = new long[PyObjects.ListCount(list)];
        for (int i = 0; i < items.Length; i++)
        {
            using PyObjectHandle item = PyObjects.GetListItem(list, i);
            items[i] = PyObjects.ReadInt64(item);
        }

        string summary = count <= 10 ? list.ToString() : "sum " + items.Sum();
        log.WriteLine($"pre-sized list of {count}: {summary}");
        return (items, summary);
    }
}
