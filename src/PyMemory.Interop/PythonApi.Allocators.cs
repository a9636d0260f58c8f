namespace PyMemory.Interop;

public unsafe partial class PythonApi
{
    /// <summary><c>void PyMem_GetAllocator(PyMemAllocatorDomain domain, PyMemAllocatorEx *allocator)</c>.</summary>
    public delegate* unmanaged<PyMemAllocatorDomain, PyMemAllocatorEx*, void> PyMem_GetAllocator { get; private set; }

    /// <summary><c>void PyMem_SetAllocator(PyMemAllocatorDomain domain, PyMemAllocatorEx *allocator)</c>.
    /// After initialization only an allocator that wraps the current one may be installed.</summary>
    public delegate* unmanaged<PyMemAllocatorDomain, PyMemAllocatorEx*, void> PyMem_SetAllocator { get; private set; }

    /// <summary><c>void PyObject_GetArenaAllocator(PyObjectArenaAllocator *allocator)</c>.</summary>
    public delegate* unmanaged<PyObjectArenaAllocator*, void> PyObject_GetArenaAllocator { get; private set; }

    /// <summary><c>void PyObject_SetArenaAllocator(PyObjectArenaAllocator *allocator)</c>.</summary>
    public delegate* unmanaged<PyObjectArenaAllocator*, void> PyObject_SetArenaAllocator { get; private set; }

    /// <summary><c>void PyMem_SetupDebugHooks(void)</c>: installs the debug hooks on every domain (idempotent).</summary>
    public delegate* unmanaged<void> PyMem_SetupDebugHooks { get; private set; }

    /// <summary><c>const char* _PyMem_GetCurrentAllocatorName(void)</c>: "pymalloc", "malloc_debug", ... or NULL
    /// for a custom allocator. Private CPython API, exported 3.8 to 3.13.</summary>
    /// <exception cref="NotSupportedException">The loaded Python does not export it.</exception>
    public delegate* unmanaged<byte*> _PyMem_GetCurrentAllocatorName =>
        _getCurrentAllocatorName != null ? _getCurrentAllocatorName : throw Missing(nameof(_PyMem_GetCurrentAllocatorName));

    /// <summary><c>Py_ssize_t _Py_GetAllocatedBlocks(void)</c>: exported only up to 3.11 (use sys.getallocatedblocks later).</summary>
    /// <exception cref="NotSupportedException">The loaded Python does not export it (3.12 and later).</exception>
    public delegate* unmanaged<nint> _Py_GetAllocatedBlocks =>
        _getAllocatedBlocks != null ? _getAllocatedBlocks : throw Missing(nameof(_Py_GetAllocatedBlocks));

    /// <summary><c>int _PyObject_DebugMallocStats(FILE *out)</c>: writes pymalloc statistics to a C stream.</summary>
    /// <exception cref="NotSupportedException">The loaded Python does not export it.</exception>
    public delegate* unmanaged<nint, int> _PyObject_DebugMallocStats =>
        _debugMallocStats != null ? _debugMallocStats : throw Missing(nameof(_PyObject_DebugMallocStats));

    private delegate* unmanaged<byte*> _getCurrentAllocatorName;
    private delegate* unmanaged<nint> _getAllocatedBlocks;
    private delegate* unmanaged<nint, int> _debugMallocStats;

    private void BindAllocators(Binder b)
    {
        PyMem_GetAllocator = (delegate* unmanaged<PyMemAllocatorDomain, PyMemAllocatorEx*, void>)b.Required("PyMem_GetAllocator");
        PyMem_SetAllocator = (delegate* unmanaged<PyMemAllocatorDomain, PyMemAllocatorEx*, void>)b.Required("PyMem_SetAllocator");
        PyObject_GetArenaAllocator = (delegate* unmanaged<PyObjectArenaAllocator*, void>)b.Required("PyObject_GetArenaAllocator");
        PyObject_SetArenaAllocator = (delegate* unmanaged<PyObjectArenaAllocator*, void>)b.Required("PyObject_SetArenaAllocator");
        PyMem_SetupDebugHooks = (delegate* unmanaged<void>)b.Required("PyMem_SetupDebugHooks");
        _getCurrentAllocatorName = (delegate* unmanaged<byte*>)b.Optional("_PyMem_GetCurrentAllocatorName");
        _getAllocatedBlocks = (delegate* unmanaged<nint>)b.Optional("_Py_GetAllocatedBlocks");
        _debugMallocStats = (delegate* unmanaged<nint, int>)b.Optional("_PyObject_DebugMallocStats");
    }
}
