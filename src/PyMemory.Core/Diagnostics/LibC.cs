using System.Runtime.InteropServices;

namespace PyMemory.Diagnostics;

/// <summary>The few C library functions PyMemory needs besides libpython: an in-memory <c>FILE*</c> for CPython's
/// statistics writers, and <c>dladdr</c> to tell which shared object an address belongs to.</summary>
internal static unsafe partial class LibC
{
    // "libc" is mapped by the .NET host to the platform's C library (libc.so.6 on glibc).
    private const string Library = "libc";

    [LibraryImport(Library, EntryPoint = "open_memstream")]
    internal static partial nint OpenMemstream(byte** buffer, nuint* size);

    [LibraryImport(Library, EntryPoint = "fclose")]
    internal static partial int FClose(nint stream);

    [LibraryImport(Library, EntryPoint = "free")]
    internal static partial void Free(void* pointer);

    [LibraryImport(Library, EntryPoint = "mmap", SetLastError = true)]
    internal static partial nint MMap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport(Library, EntryPoint = "mprotect", SetLastError = true)]
    internal static partial int MProtect(nint address, nuint length, int protection);

    [LibraryImport(Library, EntryPoint = "munmap")]
    internal static partial int MUnmap(nint address, nuint length);

    [LibraryImport(Library, EntryPoint = "dladdr")]
    private static partial int DlAddr(void* address, DlInfo* info);

    /// <summary>The base address of the shared object that contains <paramref name="address"/>, or zero.</summary>
    internal static nint ObjectBase(nint address)
    {
        if (address == 0 || OperatingSystem.IsWindows())
        {
            return 0;
        }

        DlInfo info;
        try
        {
            return DlAddr((void*)address, &info) != 0 ? info.FileBase : 0;
        }
        catch (EntryPointNotFoundException)
        {
            return 0; // very old glibc keeps dladdr in libdl only: the callers then just know less
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct DlInfo
    {
        public nint FileName;
        public nint FileBase;
        public nint SymbolName;
        public nint SymbolAddress;
    }
}
