using System.Globalization;

namespace PyMemory.ChildHost;

/// <summary>sys.getallocatedblocks(): pymalloc blocks in use (MEM and OBJ), read through Python on every version.</summary>
internal static class BlockAllocatedCount
{
    /// <summary>The count after a full collection. The caller holds the GIL.</summary>
    public static long Read()
    {
        PyRun.Exec("import gc, sys; gc.collect()");
        return long.Parse(PyRun.EvalToString("sys.getallocatedblocks()"), CultureInfo.InvariantCulture);
    }
}
