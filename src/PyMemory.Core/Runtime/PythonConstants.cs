using PyMemory.Interop;
using PyMemory.Interop.Layouts;

namespace PyMemory;

/// <summary>
/// CPython's memory constants, with the ones that changed between versions given per version. Mirrors the constants
/// of the C API (<c>_Py_IMMORTAL_REFCNT</c>, <c>Py_INVALID_SIZE</c>, <c>PYMEM_DOMAIN_*</c>) under .NET names.
/// </summary>
/// <remarks>The reference count rules are defined once, in PyMemory.Interop's object layouts; the members here
/// publish them.</remarks>
public static class PythonConstants
{
    /// <summary><c>Py_INVALID_SIZE</c>: the <c>Py_ssize_t</c> value -1 that C API functions return for "no size"
    /// (with an error set). The same in every version.</summary>
    public const long InvalidSize = -1;

    /// <summary><c>PYMEM_DOMAIN_RAW</c> (0): the <see cref="MemoryDomain.Raw"/> domain.</summary>
    public const int DomainRaw = (int)MemoryDomain.Raw;

    /// <summary><c>PYMEM_DOMAIN_MEM</c> (1): the <see cref="MemoryDomain.Mem"/> domain.</summary>
    public const int DomainMem = (int)MemoryDomain.Mem;

    /// <summary><c>PYMEM_DOMAIN_OBJ</c> (2): the <see cref="MemoryDomain.Obj"/> domain.</summary>
    public const int DomainObj = (int)MemoryDomain.Obj;

    /// <summary><c>_Py_IMMORTAL_REFCNT</c> of 3.12 and 3.13 GIL builds on 64-bit: 0xFFFFFFFF.</summary>
    public const long ImmortalRefCount312 = RefCountLayout._Py_IMMORTAL_REFCNT;

    /// <summary><c>_Py_IMMORTAL_INITIAL_REFCNT</c> of 3.14 on 64-bit: 3 &lt;&lt; 30. From CPython's headers; not tested
    /// against a 3.14 library here.</summary>
    public const long ImmortalInitialRefCount314 = RefCountLayout._Py_IMMORTAL_INITIAL_REFCNT;

    /// <summary>
    /// The reference count an immortal object reports in the loaded Python: null before 3.12 (no immortal objects),
    /// 4294967295 on 3.12 and 3.13, 3221225472 (the initial value; any count with bit 31 set is immortal) on 3.14+.
    /// </summary>
    /// <exception cref="Interop.Loading.PythonLibraryLoadException">Python could not be found or loaded.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="NotSupportedException">The loaded Python is a free-threaded build.</exception>
    public static long? ImmortalRefCount => ImmortalRefCountFor(PythonRuntime.Version);

    /// <summary>The reference count an immortal object reports in <paramref name="version"/>, as
    /// <see cref="ImmortalRefCount"/> describes; null when that version has no immortal objects.</summary>
    /// <param name="version">A CPython version.</param>
    /// <returns>The immortal reference count, or null before 3.12.</returns>
    /// <exception cref="NotSupportedException"><paramref name="version"/> is a free-threaded build, whose object
    /// header marks immortality differently.</exception>
    public static long? ImmortalRefCountFor(PythonVersion version) => RefCountLayout.For(version).ImmortalRefCount;

    /// <summary>
    /// Whether a raw <c>ob_refcnt</c> word marks an immortal object in <paramref name="version"/>: never before 3.12;
    /// from 3.12 when its low 32 bits, read as a signed 32-bit integer, are negative (CPython's own test).
    /// </summary>
    /// <param name="refCountWord">The first 8 bytes of the object header, as stored.</param>
    /// <param name="version">A CPython version.</param>
    /// <returns>True for an immortal object.</returns>
    /// <exception cref="NotSupportedException"><paramref name="version"/> is a free-threaded build.</exception>
    public static bool IsImmortalRefCount(long refCountWord, PythonVersion version) =>
        RefCountLayout.For(version).IsImmortal(refCountWord);
}
