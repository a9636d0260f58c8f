using System.Runtime.InteropServices;
using System.Text;
using PyMemory.Interop;
using PyMemory.Interop.Native;

namespace PyMemory.Diagnostics;

/// <summary>Counters and reports of CPython's allocators. Every member takes the GIL for its duration.</summary>
public static unsafe class MemoryStatistics
{
    /// <summary>
    /// The number of memory blocks currently allocated by pymalloc (what <c>sys.getallocatedblocks()</c> returns):
    /// read from <c>_Py_GetAllocatedBlocks</c> up to 3.11 and through <c>sys.getallocatedblocks()</c> from 3.12, where
    /// the C function is no longer exported. 0 when pymalloc is not in use.
    /// </summary>
    /// <exception cref="PythonException">Python failed to answer (3.12 and later).</exception>
    /// <exception cref="InvalidOperationException">The GIL cannot be taken on this thread.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static long AllocatedBlocks
    {
        get
        {
            PythonApi api = PythonRuntime.Api;
            using GilScope gil = GilScope.Enter();
            if (api.Has(nameof(PythonApi._Py_GetAllocatedBlocks)))
            {
                return api._Py_GetAllocatedBlocks();
            }

            using PyObjectHandle value = PyRun.Eval("__import__('sys').getallocatedblocks()");
            long count = api.PyLong_AsLongLong(value.DangerousGetPointer());
            if (count == -1 && api.PyErr_Occurred() != 0)
            {
                throw PythonException.TakePending(api, "sys.getallocatedblocks");
            }

            return count;
        }
    }

    /// <summary>
    /// Captures pymalloc's statistics report (what <c>sys._debugmallocstats()</c> prints to stderr: size classes,
    /// arenas, pools, fragmentation) as a string, by letting <c>_PyObject_DebugMallocStats</c> write to an in-memory
    /// C stream (<c>open_memstream</c>), so nothing touches the process's stderr.
    /// </summary>
    /// <param name="report">The report; empty when the method returns false.</param>
    /// <returns>False when the allocator in use keeps no statistics (<c>PYTHONMALLOC=malloc</c>): there is nothing to
    /// report. On 3.13 with mimalloc the report describes mimalloc's heaps instead.</returns>
    /// <exception cref="NotSupportedException">The loaded Python does not export <c>_PyObject_DebugMallocStats</c>, or
    /// the C library has no <c>open_memstream</c> (Windows).</exception>
    /// <exception cref="InsufficientMemoryException">The in-memory stream could not be created.</exception>
    /// <exception cref="InvalidOperationException">The GIL cannot be taken on this thread.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static bool TryGetPymallocReport(out string report)
    {
        PythonApi api = PythonRuntime.Api;
        report = "";
        if (!api.Has(nameof(PythonApi._PyObject_DebugMallocStats)))
        {
            _ = api._PyObject_DebugMallocStats; // throws the NotSupportedException that names the version
        }

        if (OperatingSystem.IsWindows())
        {
            throw new NotSupportedException("Capturing the pymalloc report needs open_memstream, which the Windows C library lacks.");
        }

        using GilScope gil = GilScope.Enter();
        byte* buffer = null;
        nuint size = 0;
        nint stream = LibC.open_memstream(&buffer, &size);
        if (stream == 0)
        {
            throw new InsufficientMemoryException("open_memstream failed: no in-memory stream for the pymalloc report.");
        }

        int written;
        try
        {
            written = api._PyObject_DebugMallocStats(stream);
        }
        finally
        {
            // fclose flushes the stream and sets buffer/size to the final text; the buffer is ours to free.
            _ = LibC.fclose(stream);
        }

        try
        {
            if (written == 0)
            {
                return false;
            }

            report = buffer == null ? "" : Encoding.UTF8.GetString(buffer, checked((int)size));
            return true;
        }
        finally
        {
            // The C library grew the buffer with the malloc the process resolves globally, which an LD_PRELOAD
            // interposer replaces; NativeMemory.Free calls the globally resolved free, the one that matches.
            NativeMemory.Free(buffer);
        }
    }
}
