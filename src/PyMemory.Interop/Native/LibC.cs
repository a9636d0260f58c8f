namespace PyMemory.Interop.Native;

/// <summary>
/// The few C library functions PyMemory needs besides libpython, under their C names, one file per header:
/// <c>stdio.h</c> (an in-memory <c>FILE*</c> for CPython's statistics writers), <c>sys/mman.h</c> (the page of the
/// allocator forwarders) and <c>dlfcn.h</c> (which shared object an address belongs to). Nothing but the entry
/// points, their constants and structs; no checks.
/// </summary>
internal static unsafe partial class LibC
{
    // "libc" is mapped by the .NET host to the platform's C library (libc.so.6 on glibc, libSystem on macOS).
    private const string Library = "libc";
}
